/// Logstash's friendly durations: `15`, `"15 seconds"`, `"1 hour"`, `"2 weeks"`, `"500 ms"`.
enum Durations {
    /// Seconds, or `nil` when the text is not a duration. A bare number uses `defaultUnit`.
    static func seconds(_ text: String, defaultUnit: Double = 1) -> Double? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = parts.first, let amount = Double(first), amount >= 0 else { return nil }
        guard parts.count > 1 else { return amount * defaultUnit }
        let unit = parts[1].lowercased()
        let scale: Double
        switch unit {
        case "ms", "msec", "msecs", "millisecond", "milliseconds": scale = 0.001
        case "s", "sec", "secs", "second", "seconds": scale = 1
        case "m", "min", "mins", "minute", "minutes": scale = 60
        case "h", "hour", "hours": scale = 3600
        case "d", "day", "days": scale = 86_400
        case "w", "week", "weeks": scale = 604_800
        default: return nil
        }
        return amount * scale
    }
}
