/// The fields a pattern read from text, before a year, a zone or a default fills the gaps.
public struct ParsedDate: Sendable, Hashable {
    public var year: Int64?
    public var month: Int?
    public var day: Int?
    public var dayOfYear: Int?
    public var hour = 0
    public var minute = 0
    public var second = 0
    public var nanosecond = 0
    /// Set by `a`: hours are then on a 12-hour clock.
    public var isPM: Bool?
    /// An offset written in the text (`Z`, `ZZ`).
    public var offsetSeconds: Int?
    /// A zone id written in the text (`ZZZ`).
    public var zoneID: String?

    public init() {}

    /// The date and time of day (24-hour), defaulting the year.
    public func civil(defaultYear: Int64) -> CivilDateTime? {
        let year = self.year ?? defaultYear
        var month = self.month ?? 1
        var day = self.day ?? 1
        if let dayOfYear, self.month == nil {
            let date = CivilDateTime.civil(fromDays: CivilDateTime.days(year: year, month: 1, day: 1) + Int64(dayOfYear - 1))
            guard date.year == year else { return nil }
            month = date.month
            day = date.day
        }
        var hour = self.hour
        if let isPM {
            guard (1...12).contains(hour) || hour == 0 else { return nil }
            hour = hour % 12 + (isPM ? 12 : 0)
        }
        guard (1...12).contains(month), day >= 1, day <= CivilDateTime.daysInMonth(year: year, month: month),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return CivilDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }
}

extension DatePattern {
    /// Whether the pattern names a year (`y` or `Y`); a year-less pattern takes it from the clock.
    public var hasYear: Bool {
        tokens.contains {
            if case .field(let field, _) = $0 { return field == .year || field == .yearOfEra || field == .weekBasedYear }
            return false
        }
    }

    /// Reads `bytes` with this pattern (Joda rules: numbers variable-width unless the next field is
    /// a number too; names case-insensitive). The whole text must be used.
    /// - Returns: the fields read, or `nil` when the text does not fit.
    public func parse(_ bytes: UnsafeRawBufferPointer, names: DateNames = .english) -> ParsedDate? {
        var result = ParsedDate()
        var i = 0
        for (t, token) in tokens.enumerated() {
            switch token {
            case .literal(let text):
                for byte in text.utf8 {
                    guard i < bytes.count, bytes[i] == byte || (byte == 0x20 && bytes[i] == 0x20) else { return nil }
                    i += 1
                }
            case .field(let field, let count):
                let fixed = t + 1 < tokens.count && DatePattern.isNumeric(tokens[t + 1])
                guard DatePattern.read(field, count: count, fixedWidth: fixed, bytes, &i, &result, names) else { return nil }
            }
        }
        return i == bytes.count ? result : nil
    }

    static func isNumeric(_ token: Token) -> Bool {
        guard case .field(let field, let count) = token else { return false }
        switch field {
        case .month: return count < 3
        case .dayOfWeekText, .halfDay, .era, .zoneName, .zoneOffset, .zoneOffsetX, .zoneOffsetLowerX, .zoneID: return false
        default: return true
        }
    }

    static func read(
        _ field: Field, count: Int, fixedWidth: Bool, _ bytes: UnsafeRawBufferPointer, _ i: inout Int,
        _ result: inout ParsedDate, _ names: DateNames
    ) -> Bool {
        func number(maximum: Int) -> Int64? {
            let width = fixedWidth ? count : maximum
            var value: Int64 = 0
            var digits = 0
            while digits < width, i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                value = value * 10 + Int64(bytes[i] - 0x30)
                i += 1
                digits += 1
            }
            return digits > 0 && (!fixedWidth || digits == count) ? value : nil
        }
        switch field {
        case .year, .yearOfEra, .weekBasedYear:
            var negative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            guard let value = number(maximum: 9) else { return false }
            if count == 2 && i - start == 2 {
                result.year = 2000 + value  // Joda's two-digit year pivot (the current century)
            } else {
                result.year = negative ? -value : value
            }
        case .month:
            if count >= 3 {
                guard let month = name(names.monthBytes, bytes, &i) else { return false }
                result.month = month % 12 + 1
            } else {
                guard let value = number(maximum: 2) else { return false }
                result.month = Int(value)
            }
        case .dayOfMonth:
            guard let value = number(maximum: 2) else { return false }
            result.day = Int(value)
        case .dayOfYear:
            guard let value = number(maximum: 3) else { return false }
            result.dayOfYear = Int(value)
        case .hourOfDay, .clockHourOfDay, .hourOfHalfDay, .clockHourOfHalfDay:
            guard let value = number(maximum: 2) else { return false }
            result.hour = Int(value) % (field == .clockHourOfDay && value == 24 ? 24 : 100)
        case .minute:
            guard let value = number(maximum: 2) else { return false }
            result.minute = Int(value)
        case .second:
            guard let value = number(maximum: 2) else { return false }
            result.second = Int(value)
        case .fractionOfSecond:
            var nanos = 0
            var digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, !fixedWidth || digits < count {
                if digits < 9 { nanos = nanos * 10 + Int(bytes[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return false }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
            result.nanosecond = nanos
        case .halfDay:
            guard i + 2 <= bytes.count else { return false }
            let text = (bytes[i] | 0x20, bytes[i + 1] | 0x20)
            guard text.1 == UInt8(ascii: "m"), text.0 == UInt8(ascii: "a") || text.0 == UInt8(ascii: "p") else { return false }
            result.isPM = text.0 == UInt8(ascii: "p")
            i += 2
        case .dayOfWeekText:
            guard name(names.dayBytes, bytes, &i) != nil else { return false }
        case .dayOfWeekNumber:
            guard number(maximum: 1) != nil else { return false }
        case .era:
            guard i + 2 <= bytes.count else { return false }
            i += 2
        case .zoneOffset, .zoneOffsetX, .zoneOffsetLowerX:
            if count >= 3 && field == .zoneOffset {
                // ZZZ: a zone id such as America/Los_Angeles or UTC.
                let start = i
                while i < bytes.count, bytes[i] != 0x20 { i += 1 }
                guard i > start else { return false }
                result.zoneID = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                return true
            }
            guard let offset = readOffset(bytes, &i) else { return false }
            result.offsetSeconds = offset
        case .zoneName, .zoneID, .weekOfWeekBasedYear, .centuryOfEra, .nanoOfSecond, .milliOfDay:
            // Joda cannot parse zone names; the others are not used to read dates here.
            return false
        }
        return true
    }

    /// `Z`, `+HH`, `+HHMM`, `+HH:MM` (or `-`).
    public static func readOffset(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> Int? {
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
            i += 1
            return 0
        }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        func two() -> Int? {
            guard i + 2 <= bytes.count, bytes[i] &- 0x30 < 10, bytes[i + 1] &- 0x30 < 10 else { return nil }
            defer { i += 2 }
            return Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30)
        }
        guard let hours = two(), hours <= 18 else { return nil }
        var minutes = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            i += 1
            guard let m = two() else { return nil }
            minutes = m
        } else if let m = two() {
            minutes = m
        }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// The index (in `candidates`) of the longest name that starts here, case-insensitively.
    static func name(_ candidates: [[UInt8]], _ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> Int? {
        var best: (index: Int, length: Int)?
        for (index, utf8) in candidates.enumerated() {
            guard !utf8.isEmpty, i + utf8.count <= bytes.count, utf8.count > (best?.length ?? 0) else { continue }
            var matches = true
            for k in 0..<utf8.count where lower(bytes[i + k]) != utf8[k] {
                matches = false
                break
            }
            if matches { best = (index, utf8.count) }
        }
        guard let best else { return nil }
        i += best.length
        return best.index
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
