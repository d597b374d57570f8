public import SluiceConfig
public import SluiceCore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `input { stdin { } }`: one event per line of standard input (codec `line`, or `json_lines`).
/// Ends at end of input, which ends a batch job.
public struct StdinInput: Input {
    let codecName: String
    let decoration: InputDecoration
    let descriptor: Int32

    public init(codecName: String, decoration: InputDecoration, descriptor: Int32 = 0) {
        self.codecName = codecName
        self.decoration = decoration
        self.descriptor = descriptor
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        var decoder = LineDecoder(codecName: codecName)
        var events: [Event] = []
        while true {
            guard let chunk = try await BlockingReader.read(descriptor, maximum: 64 * 1024) else {
                decoder.finish(now: .now(), into: &events)
                try await send(&events, byteCount: 0, sink: sink)
                return
            }
            chunk.withUnsafeBytes { decoder.decode($0, now: .now(), into: &events) }
            // A chunk's events go as one batch (an interactive line goes at once).
            try await send(&events, byteCount: chunk.count, sink: sink)
        }
    }

    private func send(_ events: inout [Event], byteCount: Int, sink: any EventSink) async throws {
        guard !events.isEmpty else { return }
        if !decoration.isEmpty {
            for i in events.indices { decoration.apply(to: &events[i]) }
        }
        let batch = EventBatch(events: events, byteCount: byteCount)
        events.removeAll(keepingCapacity: true)
        try await sink.send(batch)
    }
}

/// Blocking `read(2)` on a Dispatch thread, so the cooperative pool never blocks; cancelling the
/// waiting task returns at once (the read itself finishes in the background).
enum BlockingReader {
    /// - Returns: the bytes read, or `nil` at end of input.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    static func read(_ descriptor: Int32, maximum: Int) async throws -> [UInt8]? {
        let pending = PendingRead()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard pending.install(continuation) else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                DispatchQueue.global().async {
                    var buffer = [UInt8](repeating: 0, count: maximum)
                    var n: Int
                    repeat {
                        n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, maximum) }
                    } while n < 0 && errno == EINTR
                    pending.resume(returning: n > 0 ? Array(buffer[0..<n]) : nil)
                }
            }
        } onCancel: {
            pending.cancel()
        }
    }

    /// The continuation of one read, resumed exactly once: by the read or by cancellation.
    final class PendingRead: Sendable {
        private struct State {
            var continuation: CheckedContinuation<[UInt8]?, any Error>?
            var cancelled = false
        }

        private let state = Locked(State())

        func install(_ continuation: CheckedContinuation<[UInt8]?, any Error>) -> Bool {
            state.withLock { state in
                guard !state.cancelled else { return false }
                state.continuation = continuation
                return true
            }
        }

        func resume(returning value: [UInt8]?) {
            let continuation = state.withLock { state in
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(returning: value)
        }

        func cancel() {
            let continuation = state.withLock { state in
                state.cancelled = true
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }
}
