/// Where an input sends its batches: the pipeline's bounded queue.
public protocol EventSink: Sendable {
    /// Hands a batch to the pipeline; suspends while the queue is full (backpressure).
    /// - Throws: `CancellationError` once the pipeline is shutting down; the batch was not taken.
    func send(_ batch: EventBatch) async throws
}
