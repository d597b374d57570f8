/// What `GET /health` reports.
public enum HealthStatus: String, Sendable, Hashable {
    /// Every pipeline runs and every output keeps up.
    case healthy
    /// Running, but an output is retrying or a host is dead.
    case degraded
    /// A pipeline is stopped or blocked for longer than the threshold.
    case unhealthy
}
