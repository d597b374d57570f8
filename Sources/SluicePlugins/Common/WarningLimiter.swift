public import SluiceCore

/// Lets a per-event warning through at most once per interval, with the count of those held back,
/// so a stream of bad events never floods the log.
public struct WarningLimiter: Sendable {
    let interval: Int64
    var lastSecond: Int64?
    var suppressed = 0

    public init(intervalSeconds: Int64 = 10) {
        self.interval = intervalSeconds
    }

    public mutating func warn(_ log: StageLog, _ message: String, _ metadata: [String: String], now: Timestamp) {
        if let lastSecond, now.epochSeconds &- lastSecond < interval {
            suppressed += 1
            return
        }
        var details = metadata
        if suppressed > 0 { details["suppressed_since_last"] = "\(suppressed)" }
        log.warning(message, details)
        lastSecond = now.epochSeconds
        suppressed = 0
    }
}
