extension Timestamp {
    /// Parses an ISO8601 date-time leniently, as Logstash's `Timestamp(String)` does.
    ///
    /// Accepts `yyyy-MM-dd`, then optionally `T` (or `t`, or a space) and `HH:mm`, `:ss`, a fraction
    /// of 1 to 9 digits after `.` or `,` (more digits are cut), then an optional zone: `Z`,
    /// `+HH`, `+HHMM`, `+HH:MM` (or `-`). A missing time means midnight; a missing zone means
    /// `defaultOffsetSeconds` east of UTC. Returns `nil` for anything else, never traps.
    /// - Complexity: O(n) over the bytes, no allocation.
    @inlinable
    public init?(iso8601 bytes: UnsafeRawBufferPointer, defaultOffsetSeconds: Int = 0) {
        guard let (civil, offset) = Timestamp.iso8601Components(bytes) else { return nil }
        self = civil.timestamp(offsetSeconds: offset ?? defaultOffsetSeconds)
    }

    /// The date and time an ISO8601 text writes, and its offset when it has one (see
    /// `init?(iso8601:defaultOffsetSeconds:)` for the forms accepted). For callers that resolve a
    /// missing offset themselves (a time zone with daylight saving time).
    @inlinable
    public static func iso8601Components(_ bytes: UnsafeRawBufferPointer) -> (CivilDateTime, Int?)? {
        var p = ISO8601Scanner(bytes)
        guard let year = p.digits(exactly: 4), p.take(UInt8(ascii: "-")),
            let month = p.digits(exactly: 2), p.take(UInt8(ascii: "-")),
            let day = p.digits(exactly: 2),
            (1...12).contains(month), day >= 1, day <= CivilDateTime.daysInMonth(year: Int64(year), month: month)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var nanos = 0
        if let c = p.peek, c == UInt8(ascii: "T") || c == UInt8(ascii: "t") || c == UInt8(ascii: " ") {
            p.index += 1
            guard let h = p.digits(exactly: 2), p.take(UInt8(ascii: ":")), let m = p.digits(exactly: 2),
                h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            if p.take(UInt8(ascii: ":")) {
                guard let s = p.digits(exactly: 2), s < 60 else { return nil }
                second = s
                if let c = p.peek, c == UInt8(ascii: ".") || c == UInt8(ascii: ",") {
                    p.index += 1
                    guard let f = p.fraction() else { return nil }
                    nanos = f
                }
            }
        }
        var offset: Int?
        if let c = p.peek {
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                p.index += 1
                offset = 0
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                p.index += 1
                guard let oh = p.digits(exactly: 2), oh <= 18 else { return nil }
                var om = 0
                if p.take(UInt8(ascii: ":")) {
                    guard let m = p.digits(exactly: 2) else { return nil }
                    om = m
                } else if p.peek != nil {
                    guard let m = p.digits(exactly: 2) else { return nil }
                    om = m
                }
                guard om < 60 else { return nil }
                offset = (oh * 3600 + om * 60) * (c == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard p.atEnd else { return nil }
        let civil = CivilDateTime(
            year: Int64(year), month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanos)
        return (civil, offset)
    }

    /// Parses ISO8601 text; see `init?(iso8601:defaultOffsetSeconds:)` over bytes.
    public init?(iso8601 text: String, defaultOffsetSeconds: Int = 0) {
        var text = text
        guard
            let parsed = text.withUTF8({
                Timestamp(iso8601: UnsafeRawBufferPointer($0), defaultOffsetSeconds: defaultOffsetSeconds)
            })
        else { return nil }
        self = parsed
    }
}

/// A cursor over ASCII bytes for the ISO8601 parser.
@usableFromInline
struct ISO8601Scanner {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var index = 0

    @inlinable init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    @inlinable var atEnd: Bool { index >= bytes.count }
    @inlinable var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    @inlinable mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `n` decimal digits as a number.
    @inlinable mutating func digits(exactly n: Int) -> Int? {
        guard bytes.count - index >= n else { return nil }
        var value = 0
        for _ in 0..<n {
            let d = bytes[index] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
            index += 1
        }
        return value
    }

    /// 1 or more digits as nanoseconds (digits past the ninth are read and dropped).
    @inlinable mutating func fraction() -> Int? {
        var value = 0
        var count = 0
        while index < bytes.count {
            let d = bytes[index] &- 48
            guard d < 10 else { break }
            if count < 9 { value = value * 10 + Int(d) }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        var scale = count
        while scale < 9 {
            value *= 10
            scale += 1
        }
        return value
    }
}
