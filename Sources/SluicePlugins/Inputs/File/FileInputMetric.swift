/// The file input's own metrics, served as `sluice_<name>`.
public enum FileInputMetric: String, CaseIterable, Sendable {
    /// Per file (`path` label): bytes in the file beyond the acknowledged position, i.e. written
    /// by the application but not yet through every output. Updated per batch and per stat pass.
    case lagBytes = "file_input_lag_bytes"
}
