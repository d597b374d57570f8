/// The fields a pattern read from text, before a year, a zone or a default fills the gaps.
public struct ParsedDate: Sendable, Hashable {
    // Stored small (32-bit, "unset" as a sentinel) so a parse moves little memory; read and written
    // through the optional properties below.
    private var storedYear: Int64 = 0
    private var yearIsSet = false
    private var storedMonth: Int32 = ParsedDate.unset
    private var storedDay: Int32 = ParsedDate.unset
    private var storedDayOfYear: Int32 = ParsedDate.unset
    private var storedHour: Int32 = 0
    private var storedMinute: Int32 = 0
    private var storedSecond: Int32 = 0
    private var storedNanosecond: Int32 = 0
    private var storedOffset: Int32 = ParsedDate.unset
    private var halfDay: Int8 = 0  // 0: none, 1: am, 2: pm
    /// Where a zone id written in the text (`ZZZ`) is: `zoneIDCount` bytes from `zoneIDStart` of the
    /// parsed text (0: none). A range, not a `String`: a parse allocates nothing and the result is
    /// plain data (a `String?` here cost an outlined destroy on every parse).
    public var zoneIDStart: Int32 = 0
    public var zoneIDCount: Int32 = 0

    /// The zone id written in `text`, the text this was parsed from; `nil` when none was.
    public func zoneID(in text: UnsafeRawBufferPointer) -> String? {
        guard zoneIDCount > 0 else { return nil }
        let start = Int(zoneIDStart)
        return String(decoding: UnsafeRawBufferPointer(rebasing: text[start..<(start + Int(zoneIDCount))]), as: UTF8.self)
    }

    private static let unset = Int32.min

    public var year: Int64? {
        get { yearIsSet ? storedYear : nil }
        set {
            storedYear = newValue ?? 0
            yearIsSet = newValue != nil
        }
    }
    public var month: Int? {
        get { storedMonth == ParsedDate.unset ? nil : Int(storedMonth) }
        set { storedMonth = newValue.map { Int32(truncatingIfNeeded: $0) } ?? ParsedDate.unset }
    }
    public var day: Int? {
        get { storedDay == ParsedDate.unset ? nil : Int(storedDay) }
        set { storedDay = newValue.map { Int32(truncatingIfNeeded: $0) } ?? ParsedDate.unset }
    }
    public var dayOfYear: Int? {
        get { storedDayOfYear == ParsedDate.unset ? nil : Int(storedDayOfYear) }
        set { storedDayOfYear = newValue.map { Int32(truncatingIfNeeded: $0) } ?? ParsedDate.unset }
    }
    public var hour: Int {
        get { Int(storedHour) }
        set { storedHour = Int32(truncatingIfNeeded: newValue) }
    }
    public var minute: Int {
        get { Int(storedMinute) }
        set { storedMinute = Int32(truncatingIfNeeded: newValue) }
    }
    public var second: Int {
        get { Int(storedSecond) }
        set { storedSecond = Int32(truncatingIfNeeded: newValue) }
    }
    public var nanosecond: Int {
        get { Int(storedNanosecond) }
        set { storedNanosecond = Int32(truncatingIfNeeded: newValue) }
    }
    /// Set by `a`: hours are then on a 12-hour clock.
    public var isPM: Bool? {
        get { halfDay == 0 ? nil : halfDay == 2 }
        set { halfDay = newValue.map { $0 ? 2 : 1 } ?? 0 }
    }
    /// An offset written in the text (`Z`, `ZZ`).
    public var offsetSeconds: Int? {
        get { storedOffset == ParsedDate.unset ? nil : Int(storedOffset) }
        set { storedOffset = newValue.map { Int32(truncatingIfNeeded: $0) } ?? ParsedDate.unset }
    }

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

    /// One step of parsing: a byte of literal text, or a field.
    enum ReadStep: Sendable, Hashable {
        case literal(UInt8)
        /// A field, its letter count, and whether it reads exactly that many digits (Joda: a number
        /// followed by another number has a fixed width).
        case field(Field, count: Int32, fixedWidth: Bool)
    }

    static func readSteps(_ tokens: [Token]) -> [ReadStep] {
        var steps: [ReadStep] = []
        for (t, token) in tokens.enumerated() {
            switch token {
            case .literal(let text):
                steps.append(contentsOf: text.utf8.map { ReadStep.literal($0) })
            case .field(let field, let count):
                let fixed = t + 1 < tokens.count && DatePattern.isNumeric(tokens[t + 1])
                steps.append(.field(field, count: Int32(clamping: count), fixedWidth: fixed))
            }
        }
        return steps
    }

    /// Reads `bytes` with this pattern (Joda rules: numbers variable-width unless the next field is
    /// a number too; names case-insensitive). The whole text must be used.
    /// - Returns: the fields read, or `nil` when the text does not fit.
    public func parse(_ bytes: UnsafeRawBufferPointer, names: DateNames = .english) -> ParsedDate? {
        var result = ParsedDate()
        var i = 0
        let fits = readSteps.withUnsafeBufferPointer { steps -> Bool in
            for step in steps {
                switch step {
                case .literal(let byte):
                    guard i < bytes.count, bytes[i] == byte else { return false }
                    i += 1
                case .field(let field, let count, let fixedWidth):
                    guard DatePattern.read(field, count: Int(count), fixedWidth: fixedWidth, bytes, &i, &result, names) else {
                        return false
                    }
                }
            }
            return true
        }
        return fits && i == bytes.count ? result : nil
    }

    static func isNumeric(_ token: Token) -> Bool {
        guard case .field(let field, let count) = token else { return false }
        switch field {
        case .month: return count < 3
        case .dayOfWeekText, .halfDay, .era, .zoneName, .zoneOffset, .zoneOffsetX, .zoneOffsetLowerX, .zoneID: return false
        default: return true
        }
    }

    @inline(__always)
    static func read(
        _ field: Field, count: Int, fixedWidth: Bool, _ bytes: UnsafeRawBufferPointer, _ i: inout Int,
        _ result: inout ParsedDate, _ names: DateNames
    ) -> Bool {
        func number(maximum: Int) -> Int64? {
            // On locals (the captured cursor is written once): this runs for every numeric field.
            let width = min(fixedWidth ? count : maximum, bytes.count - i)
            var value: Int64 = 0
            var digits = 0
            let start = i
            while digits < width {
                let d = bytes[start + digits] &- 0x30
                guard d < 10 else { break }
                value = value &* 10 &+ Int64(d)
                digits += 1
            }
            i = start + digits
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
                guard let month = names.monthTable.match(bytes, &i) else { return false }
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
            guard names.dayTable.match(bytes, &i) != nil else { return false }
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
                result.zoneIDStart = Int32(clamping: start)
                result.zoneIDCount = Int32(clamping: i - start)
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
}
