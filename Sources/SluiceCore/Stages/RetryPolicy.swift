/// Capped exponential backoff with jitter, as a pure function of the attempt number.
///
/// | failed attempt | delay (before jitter), defaults |
/// | --- | --- |
/// | 1 | 100 ms |
/// | 2 | 200 ms |
/// | 5 | 1.6 s |
/// | 10 and later | 30 s (the cap) |
///
/// Jitter takes up to `jitter` (a fraction) off the delay, so that many runners retrying the same
/// dead host do not retry in step.
public struct RetryPolicy: Sendable, Hashable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var jitter: Double

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(30), jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (1-based), with `random` in 0..<1 choosing the jitter.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        var delay = initialDelay * (1 << min(exponent, 30))
        if delay > maximumDelay || exponent >= 30 { delay = maximumDelay }
        let fraction = 1.0 - jitter * min(max(random, 0), 1)
        return delay * fraction
    }
}
