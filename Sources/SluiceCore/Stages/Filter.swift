/// Changes events in place, a batch at a time (`json`, `date`, `mutate`, `drop`).
///
/// Synchronous and never throwing: an event a filter cannot handle gets a failure tag and goes on.
/// A filter removes an event from `events` only when the config says so (`drop`). Each worker has
/// its own instance, so a filter may keep scratch state without locks.
public protocol Filter {
    mutating func filter(_ events: inout [Event], context: FilterContext)
}

/// What a filter may use while filtering.
public struct FilterContext: Sendable {
    /// The stage id (for messages).
    public let stageID: String
    /// The time "now" for this batch.
    public let now: Timestamp
    /// Where the filter reports problems (rate-limit per-event warnings: never one line per event).
    public let log: StageLog
    /// The stage's own counters (`/metrics` as `sluice_<name>{stage=...}`), shared by the workers.
    public let metrics: PluginMetrics

    public init(stageID: String, now: Timestamp, log: StageLog = .discarding, metrics: PluginMetrics = PluginMetrics()) {
        self.stageID = stageID
        self.now = now
        self.log = log
        self.metrics = metrics
    }
}
