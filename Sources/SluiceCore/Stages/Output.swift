/// A destination of events (`file`, `elasticsearch`, `stdout`).
///
/// Each output has one runner that calls `write` with batches, one at a time, and owns retries:
/// the output only says what happened.
public protocol Output: Sendable {
    /// Writes events; returns once they are handed to the destination (and synced, if configured).
    func write(_ events: [Event], context: StageContext) async -> WriteOutcome
    /// Flushes and closes; called once, after the last write.
    func close() async
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
}
