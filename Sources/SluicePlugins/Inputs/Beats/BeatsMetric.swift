/// The beats input's own metrics, served as `sluice_<name>`.
public enum BeatsMetric: String, CaseIterable, Sendable {
    case connectionsAccepted = "beats_connections_accepted_total"
    case connectionsRefused = "beats_connections_refused_total"
    case windowsAcknowledged = "beats_windows_acknowledged_total"
}
