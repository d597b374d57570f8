extension Timestamp {
    /// The longest ISO8601 text `appendISO8601` writes (`+292277026596-12-04T15:30:07.999999999Z`).
    public static let maxISO8601Length = 40

    /// The ISO8601 form in UTC as Logstash prints it: `2024-01-15T10:30:00.123Z`; exactly three
    /// fraction digits when they suffice, six or nine when the instant has finer digits.
    public var iso8601String: String {
        var out = ByteSink(capacity: 48)
        appendISO8601(to: &out)
        return out.string
    }

    /// Appends the ISO8601 form (see `iso8601String`) to `bytes`.
    /// - Complexity: O(1), no allocation beyond the buffer's growth.
    @inlinable
    public func appendISO8601(to bytes: inout ByteSink) {
        bytes.reserve(Timestamp.maxISO8601Length)
        let c = CivilDateTime(self)
        let nanos = Int(nanoseconds)
        if c.year >= 0 && c.year <= 9999 && nanos % 1_000_000 == 0 {
            // The common shape, `2024-01-15T10:30:00.123Z`: 24 bytes built in three words and
            // stored whole (a byte at a time, each store reloads the sink: five times the work).
            let y = Int(c.year)
            let first = Timestamp.twoDigits(y / 100) | Timestamp.twoDigits(y % 100) << 16 | 0x2D << 32
                | Timestamp.twoDigits(c.month) << 40 | 0x2D << 56  // yyyy-MM-
            let second = Timestamp.twoDigits(c.day) | 0x54 << 16 | Timestamp.twoDigits(c.hour) << 24 | 0x3A << 40
                | Timestamp.twoDigits(c.minute) << 48  // ddTHH:mm
            let millis = nanos / 1_000_000
            let third = 0x3A | Timestamp.twoDigits(c.second) << 8 | 0x2E << 24 | UInt64(48 + millis / 100) << 32
                | Timestamp.twoDigits(millis % 100) << 40 | 0x5A << 56  // :ss.SSSZ
            let destination = UnsafeMutableRawPointer(bytes.base + bytes.used)
            destination.storeBytes(of: first.littleEndian, as: UInt64.self)
            destination.storeBytes(of: second.littleEndian, toByteOffset: 8, as: UInt64.self)
            destination.storeBytes(of: third.littleEndian, toByteOffset: 16, as: UInt64.self)
            bytes.used += 24
            return
        }
        if c.year >= 0 && c.year <= 9999 {
            let y = Int(c.year)
            bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + y / 1000))
            bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + y / 100 % 10))
            bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + y / 10 % 10))
            bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + y % 10))
        } else {
            Timestamp.appendWideYear(c.year, to: &bytes)
        }
        bytes.appendUnchecked(UInt8(ascii: "-"))
        Timestamp.appendTwoDigits(c.month, to: &bytes)
        bytes.appendUnchecked(UInt8(ascii: "-"))
        Timestamp.appendTwoDigits(c.day, to: &bytes)
        bytes.appendUnchecked(UInt8(ascii: "T"))
        Timestamp.appendTwoDigits(c.hour, to: &bytes)
        bytes.appendUnchecked(UInt8(ascii: ":"))
        Timestamp.appendTwoDigits(c.minute, to: &bytes)
        bytes.appendUnchecked(UInt8(ascii: ":"))
        Timestamp.appendTwoDigits(c.second, to: &bytes)
        bytes.appendUnchecked(UInt8(ascii: "."))
        let digits = nanos % 1_000_000 == 0 ? 3 : (nanos % 1000 == 0 ? 6 : 9)
        var divisor = 100_000_000
        for _ in 0..<digits {
            bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + nanos / divisor % 10))
            divisor /= 10
        }
        bytes.appendUnchecked(UInt8(ascii: "Z"))
    }

    /// Two ASCII digits of `value` (0...99), the first in the low byte.
    @inlinable
    static func twoDigits(_ value: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: 48 + value / 10) | UInt64(truncatingIfNeeded: 48 + value % 10) << 8
    }

    @inlinable
    static func appendTwoDigits(_ value: Int, to bytes: inout ByteSink) {
        bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + value / 10))
        bytes.appendUnchecked(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// Years outside 0...9999 as java.time prints them: a sign, at least four digits.
    @usableFromInline
    static func appendWideYear(_ year: Int64, to bytes: inout ByteSink) {
        bytes.appendUnchecked(year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        var text = Array(String(year.magnitude).utf8)
        while text.count < 4 { text.insert(UInt8(ascii: "0"), at: 0) }
        text.withUnsafeBufferPointer { bytes.appendUnchecked($0.baseAddress!, count: $0.count) }
    }
}
