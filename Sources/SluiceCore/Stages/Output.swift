/// A destination of events (`file`, `elasticsearch`, `stdout`).
///
/// Each output has one runner that calls `write` with batches and owns retries: the output only
/// says what happened. Several workers may deliver at once; an output that cannot take concurrent
/// writes is an actor (the file output), one that can (Elasticsearch) is not.
public protocol Output: Sendable {
    /// Writes events; returns once they are handed to the destination (and synced, if configured).
    func write(_ events: [Event], context: StageContext) async -> WriteOutcome
    /// Flushes and closes; called once, after the last write.
    func close() async
    /// The backoff this output wants between retries (`nil`: the pipeline's).
    var retryPolicy: RetryPolicy? { get }
}

extension Output {
    public var retryPolicy: RetryPolicy? { nil }
}

/// An output's verdict on one batch.
public enum WriteOutcome: Sendable, Equatable {
    /// Every event was written.
    case written
    /// Nothing was written and trying again may work (a dead host, a 429).
    case retry(String)
    /// The events at these positions were not written and may be retried; the rest were written.
    case retryItems([Int], String)
    /// The events at these positions can never be written (a mapping error): they go to the
    /// dead-letter file with the reason; the rest were written.
    case rejected([Int], String)
    /// Per event: those at `retry` may be retried (`reason` says why), those in `rejected` go to the
    /// dead-letter file, each with its own reason; the rest were written (or dropped by rule).
    case partial(retry: [Int], rejected: [Rejection], reason: String)
}

/// An event an output can never write, and why.
public struct Rejection: Sendable, Equatable {
    public var position: Int
    public var reason: String

    public init(position: Int, reason: String) {
        self.position = position
        self.reason = reason
    }
}
