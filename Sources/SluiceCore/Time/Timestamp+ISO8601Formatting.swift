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
        var cache = ISO8601Prefix()
        appendISO8601(to: &bytes, reusing: &cache)
    }

    /// Appends the ISO8601 form, taking the date and time of day from `cache` when it holds this
    /// second (the events of a batch mostly share their seconds), and leaving this second there.
    public func appendISO8601(to bytes: inout ByteSink, reusing cache: inout ISO8601Prefix) {
        bytes.reserve(Timestamp.maxISO8601Length)
        let nanos = Int(nanoseconds)
        if epochSeconds == cache.second || cache.fill(epochSeconds) {
            // `2024-01-15T10:30:00.` stored whole, then the fraction's digits the same way (a byte
            // at a time, each store reloads the sink: five times the work).
            let destination = UnsafeMutableRawPointer(bytes.base + bytes.used)
            destination.storeBytes(of: cache.first.littleEndian, as: UInt64.self)
            destination.storeBytes(of: cache.middle.littleEndian, toByteOffset: 8, as: UInt64.self)
            let head = cache.last  // :ss.
            if nanos % 1_000_000 == 0 {
                // `.SSSZ`, the common shape (parsed dates): 24 bytes in all.
                let millis = nanos / 1_000_000
                let third = head | UInt64(48 + millis / 100) << 32 | Timestamp.twoDigits(millis % 100) << 40 | 0x5A << 56
                destination.storeBytes(of: third.littleEndian, toByteOffset: 16, as: UInt64.self)
                bytes.used += 24
                return
            }
            // Six or nine digits (`now` has nanoseconds): eight digits in one word, then the rest
            // and `Z`. The words may run past the end; `reserve` above made room for 40 bytes.
            let nine = nanos % 1000 != 0
            let fraction = nine ? nanos : nanos / 1000
            let eight = nine ? fraction / 10 : fraction * 100  // the first eight digits
            let high = eight / 10_000
            let low = eight % 10_000
            let digits = Timestamp.twoDigits(high / 100) | Timestamp.twoDigits(high % 100) << 16
                | Timestamp.twoDigits(low / 100) << 32 | Timestamp.twoDigits(low % 100) << 48
            let third = head | digits << 32  // :ss. and four digits
            destination.storeBytes(of: third.littleEndian, toByteOffset: 16, as: UInt64.self)
            if nine {
                let fourth = digits >> 32 | UInt64(48 + fraction % 10) << 32 | 0x5A << 40  // four digits, one more, Z
                destination.storeBytes(of: fourth.littleEndian, toByteOffset: 24, as: UInt64.self)
                bytes.used += 30
            } else {
                let fourth = (digits >> 32) & 0xFFFF | 0x5A << 16  // two digits, Z
                destination.storeBytes(of: fourth.littleEndian, toByteOffset: 24, as: UInt64.self)
                bytes.used += 27
            }
            return
        }
        // Years before 0 or after 9999.
        let c = CivilDateTime(self)
        Timestamp.appendWideYear(c.year, to: &bytes)
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

/// The first 20 bytes of one second's ISO8601 text (`2024-01-15T10:30:00.`), kept by a writer of
/// many timestamps: formatting them is the bulk of the work, and a batch's events mostly share
/// their seconds.
public struct ISO8601Prefix: Sendable {
    /// The second it holds (`Int64.min`: none).
    @usableFromInline var second: Int64 = .min
    @usableFromInline var first: UInt64 = 0  // yyyy-MM-
    @usableFromInline var middle: UInt64 = 0  // ddTHH:mm
    @usableFromInline var last: UInt64 = 0  // :ss.

    @inlinable public init() {}

    /// Holds `epochSeconds` from now on; false (and holds nothing) for a year outside 0–9999.
    @usableFromInline
    mutating func fill(_ epochSeconds: Int64) -> Bool {
        let c = CivilDateTime(Timestamp(epochSeconds: epochSeconds, nanoseconds: 0))
        guard c.year >= 0 && c.year <= 9999 else {
            second = .min
            return false
        }
        let y = Int(c.year)
        first = Timestamp.twoDigits(y / 100) | Timestamp.twoDigits(y % 100) << 16 | 0x2D << 32
            | Timestamp.twoDigits(c.month) << 40 | 0x2D << 56
        middle = Timestamp.twoDigits(c.day) | 0x54 << 16 | Timestamp.twoDigits(c.hour) << 24 | 0x3A << 40
            | Timestamp.twoDigits(c.minute) << 48
        last = 0x3A | Timestamp.twoDigits(c.second) << 8 | 0x2E << 24
        second = epochSeconds
        return true
    }
}
