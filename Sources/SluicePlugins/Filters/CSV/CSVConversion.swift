import SluiceCore

/// `convert` of logstash-filter-csv: Ruby's CSV converters. A value that does not convert stays
/// the text it was (as in Logstash: no tag).
enum CSVConversion: String, Sendable, Hashable, CaseIterable {
    case integer, float, date, date_time, boolean

    func apply(_ text: String) -> Value {
        switch self {
        case .integer: Self.rubyInteger(text).map(Value.int) ?? .string(text)
        case .float: Self.rubyFloat(text).map(Value.double) ?? .string(text)
        case .boolean:
            switch text.rubyStripped.lowercased() {
            case "true": .bool(true)
            case "false": .bool(false)
            default: .string(text)
            }
        case .date: Self.date(text).map(Value.timestamp) ?? .string(text)
        case .date_time: Self.dateTime(text).map(Value.timestamp) ?? .string(text)
        }
    }

    /// Ruby's `Integer(text)`: spaces around, a sign, `0x`/`0b`/`0o`/`0` prefixes (a leading zero
    /// is octal), underscores between digits.
    static func rubyInteger(_ text: String) -> Int64? {
        var digits = Substring(text.rubyStripped)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0d") { radix = 10; digits = digits.dropFirst(2) }
        else if digits.count > 1 && digits.first == "0" { radix = 8; digits = digits.dropFirst() }
        guard let clean = withoutUnderscores(digits), let magnitude = Int64(clean, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Ruby's `Float(text)` for decimal text: digits, an optional fraction and exponent, spaces around.
    static func rubyFloat(_ text: String) -> Double? {
        let trimmed = Substring(text.rubyStripped)
        guard let clean = withoutUnderscores(trimmed) else { return nil }
        var bytes = Array(clean.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0 else { return nil }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return nil }
        }
        if let e = bytes.first, e | 0x20 == UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return nil }
        }
        return bytes.isEmpty ? Double(clean) : nil
    }

    /// Underscores are allowed between digits only; `nil` when one is elsewhere or the text is empty.
    private static func withoutUnderscores(_ text: Substring) -> String? {
        guard !text.isEmpty, text.first != "_", text.last != "_", !text.contains("__") else { return nil }
        return String(text.filter { $0 != "_" })
    }

    /// `yyyy-mm-dd`: midnight UTC (Ruby's `Date.parse(...).to_time` is local midnight; Sluice
    /// runs in UTC). Ruby's other date forms ("Jan 5, 2024") are kept as text.
    static func date(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        return Timestamp(iso8601: text)
    }

    /// `yyyy-mm-dd hh:mm:ss` and ISO 8601 (`T`, fractions, `Z` or an offset); no offset is UTC.
    static func dateTime(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        if bytes.count == 19 && bytes[10] == UInt8(ascii: " ") {
            var iso = bytes
            iso[10] = UInt8(ascii: "T")
            return Timestamp(iso8601: String(decoding: iso, as: UTF8.self))
        }
        return Timestamp(iso8601: text)
    }
}

extension String {
    /// Ruby's `String#strip`: ASCII whitespace and NUL off both ends.
    var rubyStripped: String {
        let bytes = Array(utf8)
        func space(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) || b == 0 }
        var start = 0
        var end = bytes.count
        while start < end && space(bytes[start]) { start += 1 }
        while end > start && space(bytes[end - 1]) { end -= 1 }
        return start == 0 && end == bytes.count ? self : String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
