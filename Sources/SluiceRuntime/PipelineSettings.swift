/// The settings of one pipeline, with Logstash's names and defaults
/// (`pipeline.workers`, `pipeline.batch.size`, `pipeline.batch.delay`).
public struct PipelineSettings: Sendable, Hashable {
    /// `pipeline.workers`: how many workers run the filters; Logstash defaults to the core count.
    public var workers: Int
    /// `pipeline.batch.size`: the most events a worker takes at once (125).
    public var batchSize: Int
    /// `pipeline.batch.delay` in milliseconds: how long a worker waits to fill a batch (50).
    public var batchDelayMilliseconds: Int

    public init(workers: Int, batchSize: Int = 125, batchDelayMilliseconds: Int = 50) {
        self.workers = workers
        self.batchSize = batchSize
        self.batchDelayMilliseconds = batchDelayMilliseconds
    }
}
