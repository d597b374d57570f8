/// The unit handed between stages: events, and the completion to fire once outputs wrote them.
public struct EventBatch: Sendable {
    public var events: [Event]
    /// `nil` for sources that need no acknowledgement (stdin, generator).
    public let completion: BatchCompletion?
    /// About how many bytes the events took at their source (for the queue's byte bound).
    public var byteCount: Int

    public init(events: [Event], completion: BatchCompletion? = nil, byteCount: Int = 0) {
        self.events = events
        self.completion = completion
        self.byteCount = byteCount
    }

    public var count: Int { events.count }
}
