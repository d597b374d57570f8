/// The grok filter's counters, served by `/metrics` as `sluice_<name>{pipeline,stage}`.
public enum GrokMetric: String, CaseIterable, Sendable {
    /// Matches stopped by the engine's step limit (each event tagged `tag_on_timeout`).
    case timeouts = "grok_timeouts_total"
}
