import SluiceCore
import Synchronization

/// One request's acknowledgement: its events go to the pipeline in several batches, each with its
/// own `BatchCompletion`; the request is written when all of them have fired.
final class RequestAcknowledgement: Sendable {
    private let remaining: Atomic<Int>
    let signal = CompletionSignal()

    init(batches: Int) {
        remaining = Atomic(batches)
        if batches == 0 { signal.fire() }
    }

    /// The completion of one of the request's batches.
    func completion() -> BatchCompletion {
        BatchCompletion { [self] in
            if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { signal.fire() }
        }
    }
}
