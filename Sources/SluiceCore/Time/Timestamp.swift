#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant in UTC: whole seconds since the Unix epoch plus a nanosecond part.
///
/// Logstash timestamps have nanosecond precision; seconds are kept apart from nanoseconds so that
/// the full range of Joda/java.time years fits (an `Int64` of nanoseconds ends in 2262).
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z (negative before it).
    public var epochSeconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanoseconds: Int32

    /// The UTC day number since 1970-01-01 (rounded down, so instants before 1970 work too):
    /// what a daily name such as `%{+YYYY.MM.dd}` depends on.
    @inlinable public var epochDay: Int64 {
        epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
    }

    @inlinable
    public init(epochSeconds: Int64, nanoseconds: Int32 = 0) {
        self.epochSeconds = epochSeconds
        self.nanoseconds = nanoseconds
    }

    /// An instant from milliseconds since the epoch.
    @inlinable
    public init(epochMilliseconds ms: Int64) {
        var seconds = ms / 1000
        var millis = ms % 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        self.init(epochSeconds: seconds, nanoseconds: Int32(millis) * 1_000_000)
    }

    /// An instant from nanoseconds since the epoch.
    @inlinable
    public init(epochNanoseconds ns: Int64) {
        var seconds = ns / 1_000_000_000
        var nanos = ns % 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        self.init(epochSeconds: seconds, nanoseconds: Int32(nanos))
    }

    /// Milliseconds since the epoch (sub-millisecond digits are dropped, rounding toward the past).
    @inlinable public var epochMilliseconds: Int64 {
        epochSeconds * 1000 + Int64(nanoseconds / 1_000_000)
    }

    /// The same instant with the nanosecond part cut to whole milliseconds.
    @inlinable public var truncatedToMilliseconds: Timestamp {
        Timestamp(epochSeconds: epochSeconds, nanoseconds: nanoseconds - nanoseconds % 1_000_000)
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(epochSeconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }

    @inlinable
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.epochSeconds, lhs.nanoseconds) < (rhs.epochSeconds, rhs.nanoseconds)
    }
}

extension Timestamp: CustomStringConvertible {
    /// The ISO8601 form Logstash prints (`2024-01-15T10:30:00.123Z`).
    public var description: String { iso8601String }
}
