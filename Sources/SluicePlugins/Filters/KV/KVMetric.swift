/// The kv filter's counters, served by `/metrics` as `sluice_<name>{pipeline,stage}`.
public enum KVMetric: String, CaseIterable, Sendable {
    /// Scans stopped by the engine's step limit (each event tagged `tag_on_timeout`).
    case timeouts = "kv_timeouts_total"
}
