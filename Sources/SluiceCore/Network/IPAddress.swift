/// An IPv4 or IPv6 address as a 128-bit number (IPv4 in the low 32 bits), parsed from and
/// printed to text the way Ruby's `IPAddr` does: what the fingerprint filter's `IPV4_NETWORK`
/// masks, what the cidr filter tests, what a geoip lookup takes.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address; for IPv4 only the low 32 bits are used.
    public let bits: UInt128
    public let isIPv4: Bool

    public init(ipv4: UInt32) {
        bits = UInt128(ipv4)
        isIPv4 = true
    }

    public init(ipv6: UInt128) {
        bits = ipv6
        isIPv4 = false
    }

    /// The width of the address: 32 or 128.
    public var bitCount: Int { isIPv4 ? 32 : 128 }

    /// `a.b.c.d` (four decimal numbers 0–255, no leading zeros, as Ruby 3's IPAddr) or an IPv6
    /// address (`::` once at most, an IPv4 tail allowed, an optional `[...]` around it); `nil`
    /// for anything else.
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text.first == "[", text.last == "]" { text = text.dropFirst().dropLast() }
        if let v4 = Self.parseIPv4(text.utf8) {
            self.init(ipv4: v4)
        } else if let v6 = Self.parseIPv6(text.utf8) {
            self.init(ipv6: v6)
        } else {
            return nil
        }
    }

    /// This address with all but the first `prefix` bits cleared (Ruby's `IPAddr#mask`);
    /// `prefix` is clamped to the address's width.
    public func masked(to prefix: Int) -> IPAddress {
        let mask = Self.mask(prefix: prefix, width: bitCount)
        return isIPv4 ? IPAddress(ipv4: UInt32(bits & mask)) : IPAddress(ipv6: bits & mask)
    }

    /// The `width`-bit mask whose first `prefix` bits are set.
    static func mask(prefix: Int, width: Int) -> UInt128 {
        let prefix = max(0, min(prefix, width))
        if prefix == 0 { return 0 }
        let all: UInt128 = width == 128 ? ~0 : (UInt128(1) << width) - 1
        return all & ~((UInt128(1) << (width - prefix)) - 1)
    }

    /// The network bytes (4 or 16, most significant first), as a geoip lookup takes them.
    public var bytes: [UInt8] {
        let count = isIPv4 ? 4 : 16
        return (0..<count).map { UInt8(truncatingIfNeeded: bits >> ((count - 1 - $0) * 8)) }
    }

    /// Ruby's `IPAddr#to_s`: dotted decimal, or IPv6 groups in lowercase hex without leading
    /// zeros, the longest run of two or more zero groups (the first of equal runs) as `::`, and
    /// `::a.b.c.d` / `::ffff:a.b.c.d` for IPv4-compatible and -mapped addresses.
    public var description: String {
        if isIPv4 { return Self.dotted(UInt32(truncatingIfNeeded: bits)) }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: bits >> ((7 - $0) * 16)) }
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0 || groups[5] == 0xFFFF, groups[6] != 0 || groups[5] == 0xFFFF {
            let tail = Self.dotted(UInt32(groups[6]) << 16 | UInt32(groups[7]))
            return groups[5] == 0xFFFF ? "::ffff:" + tail : "::" + tail
        }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > bestLength { (bestStart, bestLength) = (index, end - index) }
            index = end
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    static func dotted(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    static func parseIPv4(_ bytes: some Collection<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        var leadingZero = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                (part, digits, parts, leadingZero) = (0, 0, parts + 1, false)
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if leadingZero { return nil }
                if digits == 0, byte == UInt8(ascii: "0") { leadingZero = true }
                part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    static func parseIPv6(_ bytes: some Collection<UInt8>) -> UInt128? {
        let text = Array(bytes)
        guard text.count >= 2, text.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var index = 0
        if text.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            sawGap = true
            index = 2
        } else if text[0] == UInt8(ascii: ":") {
            return nil
        }
        while index < text.count {
            // One group: up to four hex digits, or an IPv4 tail as the last two groups.
            var end = index
            while end < text.count, text[end] != UInt8(ascii: ":") { end += 1 }
            let group = text[index..<end]
            if group.isEmpty { return nil }
            if end == text.count, group.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(group) else { return nil }
                sawGap ? tail.append(contentsOf: [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]) : head.append(contentsOf: [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)])
            } else {
                guard group.count <= 4 else { return nil }
                var value: UInt16 = 0
                for byte in group {
                    guard let digit = Self.hexDigit(byte) else { return nil }
                    value = value << 4 | UInt16(digit)
                }
                sawGap ? tail.append(value) : head.append(value)
            }
            index = end
            if index < text.count {
                // `:` then a group, or `::` (once) then a group or the end.
                index += 1
                if index < text.count, text[index] == UInt8(ascii: ":") {
                    guard !sawGap else { return nil }
                    sawGap = true
                    index += 1
                } else if index == text.count {
                    return nil
                }
            }
        }
        let count = head.count + tail.count
        guard sawGap ? count <= 7 : count == 8 else { return nil }
        let groups = head + Array(repeating: 0, count: 8 - count) + tail
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
