/// The unit handed between stages: events, and the completion to fire once outputs wrote them.
public struct EventBatch: Sendable {
    public var events: [Event]
    /// `nil` for sources that need no acknowledgement (stdin, generator).
    public let completion: BatchCompletion?
    /// About how many bytes the events took at their source (for the queue's byte bound).
    public var byteCount: Int

    /// Events still to be made by the worker that takes the batch (then `events` is empty).
    public var pending: PendingEvents?

    public init(events: [Event], completion: BatchCompletion? = nil, byteCount: Int = 0) {
        self.events = events
        self.completion = completion
        self.byteCount = byteCount
    }

    public init(pending: PendingEvents, completion: BatchCompletion? = nil, byteCount: Int = 0) {
        self.init(events: [], completion: completion, byteCount: byteCount)
        self.pending = pending
    }

    public var count: Int { pending?.count ?? events.count }

    /// Moves the events out of the batch (making them first when they are pending).
    public mutating func takeEvents() -> [Event] {
        if let pending {
            self.pending = nil
            return pending.events()
        }
        var taken: [Event] = []
        swap(&taken, &events)
        return taken
    }
}
