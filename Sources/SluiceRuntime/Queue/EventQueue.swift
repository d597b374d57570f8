public import SluiceCore

/// The bounded hand-off between inputs and workers, bounded in events and in bytes.
///
/// `send` suspends while the queue is full, so a slow pipeline slows its inputs down instead of
/// growing memory (a beats connection stops reading, a file input stops reading). A batch larger
/// than the bounds is still taken when the queue is empty, so nothing can deadlock.
public actor EventQueue: EventSink {
    public nonisolated let maxEvents: Int
    public nonisolated let maxBytes: Int

    private var batches: [EventBatch] = []
    private var head = 0
    private var queuedEvents = 0
    private var queuedBytes = 0
    private var closed = false
    private var waitingSenders: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var waitingReceivers: [CheckedContinuation<EventBatch?, Never>] = []
    private var nextSenderID = 0
    /// The most events ever queued at once (for tests and stats).
    public private(set) var highWaterEvents = 0

    public init(maxEvents: Int, maxBytes: Int) {
        self.maxEvents = max(1, maxEvents)
        self.maxBytes = max(1, maxBytes)
    }

    public var count: Int { queuedEvents }
    public var bytes: Int { queuedBytes }

    /// Queues a batch, suspending while there is no room.
    /// - Throws: `CancellationError` when the queue is closed (or the task cancelled) before it fits.
    public func send(_ batch: EventBatch) async throws {
        while !fits(batch) {
            if closed { throw CancellationError() }
            try Task.checkCancellation()
            let id = nextSenderID
            nextSenderID += 1
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    waitingSenders.append((id, continuation))
                }
            } onCancel: {
                Task { await self.cancelSender(id) }
            }
        }
        if closed { throw CancellationError() }
        if let receiver = waitingReceivers.first {
            waitingReceivers.removeFirst()
            receiver.resume(returning: batch)
            return
        }
        batches.append(batch)
        queuedEvents += batch.count
        queuedBytes += batch.byteCount
        highWaterEvents = max(highWaterEvents, queuedEvents)
    }

    private func fits(_ batch: EventBatch) -> Bool {
        queuedEvents == 0 || (queuedEvents + batch.count <= maxEvents && queuedBytes + batch.byteCount <= maxBytes)
    }

    private func cancelSender(_ id: Int) {
        guard let index = waitingSenders.firstIndex(where: { $0.id == id }) else { return }
        waitingSenders.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// The next batch, waiting for one; `nil` once the queue is closed and empty.
    public func receive() async -> EventBatch? {
        if head < batches.count {
            let batch = popHead()
            wakeSenders()
            return batch
        }
        if closed { return nil }
        return await withCheckedContinuation { continuation in
            waitingReceivers.append(continuation)
        }
    }

    /// Takes the oldest queued batch (the caller has checked there is one) and updates the totals;
    /// the consumed prefix is dropped now and then rather than shifting the array on every take.
    private func popHead() -> EventBatch {
        let batch = batches[head]
        batches[head] = EventBatch(events: [])
        head += 1
        if head > 64 && head * 2 > batches.count {
            batches.removeFirst(head)
            head = 0
        }
        queuedEvents -= batch.count
        queuedBytes -= batch.byteCount
        return batch
    }

    private func wakeSenders() {
        let senders = waitingSenders
        waitingSenders.removeAll()
        for sender in senders { sender.continuation.resume() }
    }

    /// The next batch (waiting for one), plus whatever else is already queued while the total stays
    /// within `maxEvents`: under load a worker gets full batches, when idle it never waits.
    public func receive(upTo maxEvents: Int) async -> [EventBatch] {
        guard let first = await receive() else { return [] }
        var batches = [first]
        var total = first.count
        while head < self.batches.count,
            total + self.batches[head].count <= maxEvents
        {
            let next = popHead()
            total += next.count
            batches.append(next)
        }
        if batches.count > 1 { wakeSenders() }
        return batches
    }

    /// Refuses new batches (waiting senders get `CancellationError`); receivers drain what is queued,
    /// then get `nil`.
    public func close() {
        closed = true
        let senders = waitingSenders
        waitingSenders.removeAll()
        for sender in senders { sender.continuation.resume(throwing: CancellationError()) }
        if head >= batches.count {
            let receivers = waitingReceivers
            waitingReceivers.removeAll()
            for receiver in receivers { receiver.resume(returning: nil) }
        }
    }
}
