import SluiceCore

/// One pattern of a date filter's `match`, compiled: a named format or a Joda pattern.
enum DateMatcher: Sendable, Equatable {
    case iso8601
    case unix
    case unixMilliseconds
    case tai64n
    /// A Joda pattern, with the month and day names of the filter's locale.
    case joda(JodaMatcher)

    init(_ text: String, names: DateNames) throws {
        switch text {
        case "ISO8601": self = .iso8601
        case "UNIX": self = .unix
        case "UNIX_MS": self = .unixMilliseconds
        case "TAI64N": self = .tai64n
        default: self = .joda(try JodaMatcher(text, names: names))
        }
    }

    /// The instant `value` stands for, or `nil` when this matcher cannot read it.
    func match(_ value: Value, zone: DateZone, now: Timestamp) -> Timestamp? {
        switch self {
        case .iso8601, .joda:
            guard case .string(var text) = value else { return nil }
            return text.withUTF8 { match(text: UnsafeRawBufferPointer($0), zone: zone, now: now) }
        case .unix:
            return DateMatcher.unixSeconds(value)
        case .unixMilliseconds:
            return DateMatcher.unixMilliseconds(value)
        case .tai64n:
            guard case .string(let text) = value else { return nil }
            return DateMatcher.tai64n(text)
        }
    }

    /// The instant a string value stands for, given as its UTF-8 bytes.
    func match(text: UnsafeRawBufferPointer, zone: DateZone, now: Timestamp) -> Timestamp? {
        switch self {
        case .iso8601:
            guard let (civil, offset) = Timestamp.iso8601Components(text) else { return nil }
            if let offset { return civil.timestamp(offsetSeconds: offset) }
            return zone.timestamp(from: civil)
        case .unix, .unixMilliseconds, .tai64n:
            return match(.string(String(decoding: text, as: UTF8.self)), zone: zone, now: now)
        case .joda(let joda):
            return joda.match(text: text, zone: zone, now: now)
        }
    }

    /// Whether the matcher reads only strings (so a string's bytes are all it needs).
    var readsText: Bool {
        switch self {
        case .iso8601, .joda: true
        case .unix, .unixMilliseconds, .tai64n: false
        }
    }

    /// Seconds since the epoch; a fraction keeps three digits. Values past 2147483647 s are refused
    /// (so `UNIX, UNIX_MS` reads a 13-digit value as milliseconds), as in Logstash.
    static func unixSeconds(_ value: Value) -> Timestamp? {
        switch value {
        case .int(let seconds):
            guard abs(seconds) <= 2_147_483_647 else { return nil }
            return Timestamp(epochSeconds: seconds)
        case .double(let d):
            guard d.isFinite, abs(d) <= 2_147_483_647 else { return nil }
            return Timestamp(epochMilliseconds: Int64(d * 1000))
        case .string(let text), .bigNumber(let text):
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard let seconds = Int64(parts[0]), abs(seconds) <= 2_147_483_647 else { return nil }
            var millis: Int64 = 0
            if parts.count == 2 {
                let digits = parts[1]
                guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
                let three = String((digits + "000").prefix(3))
                millis = Int64(three) ?? 0
            }
            return Timestamp(epochMilliseconds: seconds * 1000 + (seconds < 0 ? -millis : millis))
        default:
            return nil
        }
    }

    static func unixMilliseconds(_ value: Value) -> Timestamp? {
        switch value {
        case .int(let ms): return Timestamp(epochMilliseconds: ms)
        case .double(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Timestamp(epochMilliseconds: Int64(d))
        case .string(let text), .bigNumber(let text):
            guard let ms = Int64(text) else { return nil }
            return Timestamp(epochMilliseconds: ms)
        default: return nil
        }
    }

    /// `@4000000050d506482dbdf024`: 16 hex digits of TAI seconds (2^62 offset), 8 of nanoseconds;
    /// minus the fixed 10 s TAI offset; millisecond precision.
    static func tai64n(_ text: String) -> Timestamp? {
        var hex = Substring(text)
        if hex.first == "@" { hex = hex.dropFirst() }
        guard hex.count == 24, let seconds = UInt64(hex.prefix(16), radix: 16), let nanos = UInt64(hex.suffix(8), radix: 16),
            nanos < 1_000_000_000
        else { return nil }
        let unix = Int64(seconds & ~(UInt64(1) << 62)) - 10
        return Timestamp(epochSeconds: unix, nanoseconds: Int32(nanos - nanos % 1_000_000))
    }
}
