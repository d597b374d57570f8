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
        let year: Int
        let month: Int
        let day: Int
        var hour = 0
        var minute = 0
        var second = 0
        var nanos = 0
        if let fields = ISO8601Scanner.dateAndTime(bytes) {
            // The usual shape, `yyyy-MM-ddTHH:mm:ss`, read in a few word operations.
            (year, month, day) = (fields.year, fields.month, fields.day)
            guard fields.hour < 24, fields.minute < 60, fields.second < 60 else { return nil }
            (hour, minute, second) = (fields.hour, fields.minute, fields.second)
            p.index = 19
            guard let f = p.optionalFraction() else { return nil }
            nanos = f
        } else {
            guard let y = p.digits(exactly: 4), p.take(UInt8(ascii: "-")),
                let m = p.digits(exactly: 2), p.take(UInt8(ascii: "-")),
                let d = p.digits(exactly: 2)
            else { return nil }
            (year, month, day) = (y, m, d)
            if let c = p.peek, c == UInt8(ascii: "T") || c == UInt8(ascii: "t") || c == UInt8(ascii: " ") {
                p.index += 1
                guard let h = p.digits(exactly: 2), p.take(UInt8(ascii: ":")), let m = p.digits(exactly: 2),
                    h < 24, m < 60
                else { return nil }
                hour = h
                minute = m
                if p.take(UInt8(ascii: ":")) {
                    guard let s = p.digits(exactly: 2), s < 60, let f = p.optionalFraction() else { return nil }
                    second = s
                    nanos = f
                }
            }
        }
        guard (1...12).contains(month), day >= 1, day <= CivilDateTime.daysInMonth(year: Int64(year), month: month),
            let offset = p.offset()
        else { return nil }
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

    /// The rest of the text as an ISO8601 zone: `.some(nil)` at the end of the text (no zone),
    /// the offset in seconds for `Z`, `+HH`, `+HHMM` or `+HH:MM` (or `-`) ending the text, `nil`
    /// for anything else.
    @inlinable mutating func offset() -> Int?? {
        guard let c = peek else { return .some(nil) }
        let offset: Int
        if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
            index += 1
            offset = 0
        } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            index += 1
            guard let oh = digits(exactly: 2), oh <= 18 else { return nil }
            var om = 0
            if take(UInt8(ascii: ":")) {
                guard let m = digits(exactly: 2) else { return nil }
                om = m
            } else if peek != nil {
                guard let m = digits(exactly: 2) else { return nil }
                om = m
            }
            guard om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (c == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard atEnd else { return nil }
        return .some(offset)
    }

    /// `yyyy-MM-ddTHH:mm:ss` (`T`, `t` or a space between date and time) at the start of `bytes`,
    /// checked and read eight bytes at a time; `nil` for any other shape (the byte-wise parser
    /// then decides). The fields are not range-checked.
    @inlinable @inline(__always)
    static func dateAndTime(_ bytes: UnsafeRawBufferPointer)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)?
    {
        guard bytes.count >= 19, let base = bytes.baseAddress else { return nil }
        // Bytes 0-7 `yyyy-MM-`, 8-15 `ddTHH:mm`, little-endian (byte i at bits 8i).
        let first = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let firstDigits: UInt64 = 0x00FF_FF00_FFFF_FFFF
        let secondDigits: UInt64 = 0xFFFF_00FF_FF00_FFFF
        guard ISO8601Scanner.digitsAt(first, firstDigits), ISO8601Scanner.digitsAt(second, secondDigits),
            first & ~firstDigits == 0x2D00_002D_0000_0000,  // `-` at 4 and 7
            second & 0x0000_FF00_0000_0000 == 0x0000_3A00_0000_0000,  // `:` at 13
            base.load(fromByteOffset: 16, as: UInt8.self) == UInt8(ascii: ":")
        else { return nil }
        let t = base.load(fromByteOffset: 10, as: UInt8.self)
        guard t == UInt8(ascii: "T") || t == UInt8(ascii: "t") || t == UInt8(ascii: " ") else { return nil }
        let s0 = base.load(fromByteOffset: 17, as: UInt8.self) &- 48
        let s1 = base.load(fromByteOffset: 18, as: UInt8.self) &- 48
        guard s0 < 10, s1 < 10 else { return nil }
        @inline(__always) func digit(_ word: UInt64, _ i: Int) -> Int { Int((word >> UInt64(8 * i)) & 0x0F) }
        return (
            digit(first, 0) * 1000 + digit(first, 1) * 100 + digit(first, 2) * 10 + digit(first, 3),
            digit(first, 5) * 10 + digit(first, 6), digit(second, 0) * 10 + digit(second, 1),
            digit(second, 3) * 10 + digit(second, 4), digit(second, 6) * 10 + digit(second, 7),
            Int(s0) * 10 + Int(s1)
        )
    }

    /// Whether the bytes of `word` selected by `mask` (0xFF or 0x00 each) are all ASCII digits:
    /// the high nibble is 3, and adding 6 leaves it 3 (the low nibble is at most 9).
    @inlinable @inline(__always)
    static func digitsAt(_ word: UInt64, _ mask: UInt64) -> Bool {
        let highs = 0xF0F0_F0F0_F0F0_F0F0 & mask
        let threes = 0x3030_3030_3030_3030 & mask
        return word & highs == threes && (word &+ 0x0606_0606_0606_0606) & highs == threes
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

    /// A fraction of a second at the cursor when it is on `.` or `,` (1 or more digits must follow):
    /// its nanoseconds; 0 when there is none; `nil` for a separator without digits.
    @inlinable mutating func optionalFraction() -> Int? {
        guard let c = peek, c == UInt8(ascii: ".") || c == UInt8(ascii: ",") else { return 0 }
        index += 1
        return fraction()
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
        switch count {
        case 1: value *= 100_000_000
        case 2: value *= 10_000_000
        case 3: value *= 1_000_000
        case 4: value *= 100_000
        case 5: value *= 10_000
        case 6: value *= 1_000
        case 7: value *= 100
        case 8: value *= 10
        default: break
        }
        return value
    }
}
