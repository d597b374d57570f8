public import SluiceCore
import Synchronization

/// Drives one output: writes each delivery, retries what the output asks to retry (with backoff),
/// sends what it rejects to the dead-letter file, and reports whether the events are safe.
///
/// Each worker delivers its own batches: an output is written by several workers at once (each
/// output serializes what must be serialized itself: the file output's writes run on its actor),
/// and a worker that delivers to a slow output waits: that is how backpressure reaches the queue.
/// Not an actor: it holds no mutable state, and each delivery's hops onto it and back cost a
/// thread wake-up per batch.
public final class OutputRunner: Sendable {
    public let stageID: String
    private let output: any Output
    private let context: StageContext
    private let retryPolicy: RetryPolicy
    private let deadLetters: DeadLetterWriter
    private let stats: PipelineStats
    private let sleep: @Sendable (Duration) async throws -> Void
    /// Once set, retries stop: unwritten events stay unacknowledged.
    private let abandoned = Atomic<Bool>(false)

    public init(
        output: any Output, context: StageContext, retryPolicy: RetryPolicy, deadLetters: DeadLetterWriter,
        stats: PipelineStats, sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.stageID = context.stageID
        self.output = output
        self.context = context
        self.retryPolicy = output.retryPolicy ?? retryPolicy
        self.deadLetters = deadLetters
        self.stats = stats
        self.sleep = sleep
    }

    /// Stops retrying (forced shutdown): deliveries still in progress return `false`.
    public func abandon() { abandoned.store(true, ordering: .relaxed) }

    /// Writes `events`, retrying until they are written or dead-lettered.
    /// - Returns: `true` when every event is in the destination or the dead-letter file.
    public func deliver(_ events: [Event]) async -> Bool {
        let start = ContinuousClock.now
        let written = await writeWithRetries(events)
        stats.stages[stageID]?.record(in: events.count, out: written ? events.count : 0, duration: ContinuousClock.now - start)
        return written
    }

    private func writeWithRetries(_ events: [Event]) async -> Bool {
        var pending = events
        var attempt = 0
        while !pending.isEmpty {
            if abandoned.load(ordering: .relaxed) { return false }
            let outcome = await output.write(pending, context: context)
            switch outcome {
            case .written:
                stats.eventsOut.add(pending.count, ordering: .relaxed)
                return true
            case .retry(let reason):
                attempt += 1
                guard await backoff(attempt, reason: reason, count: pending.count) else { return false }
            case .retryItems(let positions, let reason):
                let keep = Set(positions)
                stats.eventsOut.add(pending.count - keep.count, ordering: .relaxed)
                pending = pending.indices.filter(keep.contains).map { pending[$0] }
                attempt += 1
                guard await backoff(attempt, reason: reason, count: pending.count) else { return false }
            case .rejected(let positions, let reason):
                let rejections = positions.map { Rejection(position: $0, reason: reason) }
                guard await deadLetter(rejections, of: pending) else { return false }
                stats.eventsOut.add(pending.count - rejections.count, ordering: .relaxed)
                return true
            case .partial(let retry, let rejections, let reason):
                guard await deadLetter(rejections, of: pending) else { return false }
                stats.eventsOut.add(pending.count - rejections.count - retry.count, ordering: .relaxed)
                if retry.isEmpty { return true }
                pending = retry.map { pending[$0] }
                attempt += 1
                guard await backoff(attempt, reason: reason, count: pending.count) else { return false }
            }
        }
        return true
    }

    /// Writes rejected events to the dead-letter file; `false` when it cannot (the batch then stays
    /// unacknowledged).
    private func deadLetter(_ rejections: [Rejection], of pending: [Event]) async -> Bool {
        if rejections.isEmpty { return true }
        let entries = rejections.map { (event: pending[$0.position], reason: $0.reason) }
        guard await deadLetters.write(entries, stageID: stageID, now: .now()) else {
            context.log.error("cannot write the dead-letter file; the batch stays unacknowledged", ["stage": stageID])
            return false
        }
        stats.eventsDeadLettered.add(entries.count, ordering: .relaxed)
        return true
    }

    private func backoff(_ attempt: Int, reason: String, count: Int) async -> Bool {
        stats.outputRetries.add(1, ordering: .relaxed)
        let delay = retryPolicy.delay(afterAttempt: attempt, random: Double.random(in: 0..<1))
        if attempt == 1 || attempt.isMultiple(of: 10) {
            context.log.warning(
                "output failed, retrying", ["stage": stageID, "reason": reason, "attempt": "\(attempt)", "events": "\(count)"])
        }
        do {
            try await sleep(delay)
        } catch {
            return false
        }
        return !abandoned.load(ordering: .relaxed)
    }

    public func close() async {
        await output.close()
    }
}
