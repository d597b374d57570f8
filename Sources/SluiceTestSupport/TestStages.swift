import SluiceConfig
public import SluiceCore

/// An input that sends prepared batches, each with a completion it records.
public struct ScriptedInput: Input {
    public let batches: [[Event]]
    public let log: CompletionLog
    /// Sends each batch's events as `PendingEvents`, made by the worker that takes the batch.
    public let sendsPending: Bool

    public init(batches: [[Event]], log: CompletionLog, sendsPending: Bool = false) {
        self.batches = batches
        self.log = log
        self.sendsPending = sendsPending
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        for (index, events) in batches.enumerated() {
            let log = self.log
            log.sent(index)
            let completion = BatchCompletion { log.completed(index) }
            if sendsPending {
                try await sink.send(EventBatch(pending: PendingEvents(count: events.count) { events }, completion: completion))
            } else {
                try await sink.send(EventBatch(events: events, completion: completion))
            }
        }
    }
}

/// Which batches were sent and completed, and how often.
public final class CompletionLog: Sendable {
    private let state = Locked<(sent: [Int], completed: [Int])>(([], []))

    public init() {}

    public func sent(_ index: Int) { state.withLock { $0.sent.append(index) } }
    public func completed(_ index: Int) { state.withLock { $0.completed.append(index) } }
    public var sentBatches: [Int] { state.withLock { $0.sent } }
    public var completedBatches: [Int] { state.withLock { $0.completed } }
}

/// An output that records what it wrote and answers with scripted outcomes; it can be held
/// (every write waits until released) to simulate a slow destination.
public actor RecordingOutput: Output {
    public private(set) var written: [Event] = []
    public private(set) var attempts = 0
    private var outcomes: [WriteOutcome]
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let onWrite: (@Sendable (Int) -> Void)?
    /// Callers of `written(atLeast:)` waiting for more events.
    private var countWaiters: [(count: Int, id: Int, continuation: CheckedContinuation<[Event], Never>)] = []
    private var nextWaiterID = 0
    /// Callers of `attempted(atLeast:)` waiting for more writes to begin.
    private var attemptWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    public init(outcomes: [WriteOutcome] = [], onWrite: (@Sendable (Int) -> Void)? = nil) {
        self.outcomes = outcomes
        self.onWrite = onWrite
    }

    public func hold() { held = true }

    public func release() {
        held = false
        let continuations = waiting
        waiting.removeAll()
        for c in continuations { c.resume() }
    }

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
        attempts += 1
        let begun = attemptWaiters.filter { $0.count <= attempts }
        attemptWaiters.removeAll { $0.count <= attempts }
        for waiter in begun { waiter.continuation.resume() }
        while held { await withCheckedContinuation { waiting.append($0) } }
        let outcome = outcomes.isEmpty ? .written : outcomes.removeFirst()
        switch outcome {
        case .written:
            written += events
        case .retryItems(let positions, _), .rejected(let positions, _):
            let skip = Set(positions)
            written += events.indices.filter { !skip.contains($0) }.map { events[$0] }
        case .partial(let retry, let rejected, _):
            let skip = Set(retry).union(rejected.map(\.position))
            written += events.indices.filter { !skip.contains($0) }.map { events[$0] }
        case .retry:
            break
        }
        onWrite?(written.count)
        let ready = countWaiters.filter { $0.count <= written.count }
        countWaiters.removeAll { $0.count <= written.count }
        for waiter in ready { waiter.continuation.resume(returning: written) }
        return outcome
    }

    /// The events written, once there are at least `count`: resumed by the write that gets there,
    /// no polling (bound the wait with the test's `.timeLimit`).
    public func written(atLeast count: Int) async -> [Event] {
        if written.count >= count { return written }
        nextWaiterID += 1
        let id = nextWaiterID
        // Cancelled (the test's time limit), the wait ends with what was written so far.
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: written)
                } else {
                    countWaiters.append((count, id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = countWaiters.firstIndex(where: { $0.id == id }) else { return }
        countWaiters.remove(at: index).continuation.resume(returning: written)
    }

    /// Returns once `count` writes have begun (a held output has its events but has not
    /// finished): resumed by the write that begins, no polling.
    public func attempted(atLeast count: Int) async {
        if attempts >= count { return }
        await withCheckedContinuation { attemptWaiters.append((count, $0)) }
    }

    public func close() async {}
}
