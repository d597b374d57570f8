extension DatePattern {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Appends `timestamp` formatted with this pattern, at `offsetSeconds` east of UTC, in English.
    /// Joda has millisecond precision: its `S` letters print zeros past the third digit.
    public func format(_ timestamp: Timestamp, offsetSeconds: Int = 0, into out: inout ByteSink) {
        let c = CivilDateTime(timestamp, offsetSeconds: offsetSeconds)
        for token in tokens {
            switch token {
            case .literal(let text):
                out.append(utf8: text)
            case .field(let field, let count):
                append(field, count: count, date: c, offsetSeconds: offsetSeconds, into: &out)
            }
        }
    }

    /// `timestamp` formatted with this pattern, as a `String`.
    public func string(from timestamp: Timestamp, offsetSeconds: Int = 0) -> String {
        var out = ByteSink(capacity: 64)
        format(timestamp, offsetSeconds: offsetSeconds, into: &out)
        return out.string
    }

    private var weekRules: CivilDateTime.WeekRules { dialect == .joda ? .iso : .unitedStates }

    private func append(
        _ field: Field, count: Int, date c: CivilDateTime, offsetSeconds: Int, into out: inout ByteSink
    ) {
        switch field {
        case .era:
            out.append(utf8: c.year > 0 ? "AD" : "BC")
        case .centuryOfEra:
            DatePattern.appendPadded(Int64(c.year / 100), width: count, into: &out)
        case .year, .yearOfEra:
            let year = field == .yearOfEra && c.year <= 0 ? 1 - c.year : c.year
            appendYear(year, count: count, into: &out)
        case .weekBasedYear:
            appendYear(c.weekBasedYearAndWeek(rules: weekRules).year, count: count, into: &out)
        case .weekOfWeekBasedYear:
            DatePattern.appendPadded(Int64(c.weekBasedYearAndWeek(rules: weekRules).week), width: count, into: &out)
        case .dayOfWeekNumber:
            let iso = c.isoDayOfWeek
            let number = dialect == .joda ? iso : iso % 7 + 1  // en-US counts from Sunday = 1
            DatePattern.appendPadded(Int64(number), width: count, into: &out)
        case .dayOfWeekText:
            let name = DatePattern.dayNames[c.isoDayOfWeek - 1]
            out.append(utf8: count >= 4 ? name : String(name.prefix(3)))
        case .dayOfYear:
            DatePattern.appendPadded(Int64(c.dayOfYear), width: count, into: &out)
        case .month:
            if count >= 3 {
                let name = DatePattern.monthNames[c.month - 1]
                let text = count == 3 ? String(name.prefix(3)) : (count == 5 && dialect == .javaTime ? String(name.prefix(1)) : name)
                out.append(utf8: text)
            } else {
                DatePattern.appendPadded(Int64(c.month), width: count, into: &out)
            }
        case .dayOfMonth:
            DatePattern.appendPadded(Int64(c.day), width: count, into: &out)
        case .halfDay:
            out.append(utf8: c.hour < 12 ? "AM" : "PM")
        case .hourOfHalfDay:
            DatePattern.appendPadded(Int64(c.hour % 12), width: count, into: &out)
        case .clockHourOfHalfDay:
            DatePattern.appendPadded(Int64(c.hour % 12 == 0 ? 12 : c.hour % 12), width: count, into: &out)
        case .hourOfDay:
            DatePattern.appendPadded(Int64(c.hour), width: count, into: &out)
        case .clockHourOfDay:
            DatePattern.appendPadded(Int64(c.hour == 0 ? 24 : c.hour), width: count, into: &out)
        case .minute:
            DatePattern.appendPadded(Int64(c.minute), width: count, into: &out)
        case .second:
            DatePattern.appendPadded(Int64(c.second), width: count, into: &out)
        case .fractionOfSecond:
            let nanos = dialect == .joda ? c.nanosecond - c.nanosecond % 1_000_000 : c.nanosecond
            var divisor = 100_000_000
            for _ in 0..<count {
                out.append(UInt8(truncatingIfNeeded: 48 + (divisor > 0 ? nanos / divisor % 10 : 0)))
                divisor /= 10
            }
        case .nanoOfSecond:
            DatePattern.appendPadded(Int64(c.nanosecond), width: count, into: &out)
        case .milliOfDay:
            let ms = ((c.hour * 60 + c.minute) * 60 + c.second) * 1000 + c.nanosecond / 1_000_000
            DatePattern.appendPadded(Int64(ms), width: count, into: &out)
        case .zoneName:
            if offsetSeconds == 0 {
                out.append(utf8: count >= 4 ? "Coordinated Universal Time" : "UTC")
            } else {
                DatePattern.appendOffset(offsetSeconds, colon: true, zeroAsZ: false, into: &out)
            }
        case .zoneOffset:
            if dialect == .joda && count >= 3 && offsetSeconds == 0 {
                out.append(literal: "UTC")
            } else {
                DatePattern.appendOffset(offsetSeconds, colon: count == 2 || count == 5, zeroAsZ: count == 5, into: &out)
            }
        case .zoneOffsetX, .zoneOffsetLowerX:
            let zeroAsZ = field == .zoneOffsetX
            if count == 1 && !(zeroAsZ && offsetSeconds == 0) {
                let hours = abs(offsetSeconds) / 3600
                out.append(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                DatePattern.appendPadded(Int64(hours), width: 2, into: &out)
            } else {
                DatePattern.appendOffset(offsetSeconds, colon: count >= 3, zeroAsZ: zeroAsZ, into: &out)
            }
        case .zoneID:
            if offsetSeconds == 0 {
                out.append(literal: "UTC")
            } else {
                DatePattern.appendOffset(offsetSeconds, colon: true, zeroAsZ: false, into: &out)
            }
        }
    }

    /// Years: two letters print the last two digits, otherwise at least `count` digits.
    private func appendYear(_ year: Int64, count: Int, into out: inout ByteSink) {
        if count == 2 {
            var y = year % 100
            if y < 0 { y += 100 }
            DatePattern.appendPadded(y, width: 2, into: &out)
        } else {
            DatePattern.appendPadded(year, width: count, into: &out)
        }
    }

    /// A decimal number zero-padded to `width` digits (a sign before the padding when negative).
    static func appendPadded(_ value: Int64, width: Int, into out: inout ByteSink) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            digits += 1
            probe /= 10
        }
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        JSONWriter.appendDecimal(Int64(magnitude), to: &out)
    }

    /// `+HHMM` / `+HH:MM`, or `Z` for zero when asked.
    static func appendOffset(_ seconds: Int, colon: Bool, zeroAsZ: Bool, into out: inout ByteSink) {
        if seconds == 0 && zeroAsZ {
            out.append(UInt8(ascii: "Z"))
            return
        }
        out.append(seconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(seconds)
        appendPadded(Int64(magnitude / 3600), width: 2, into: &out)
        if colon { out.append(UInt8(ascii: ":")) }
        appendPadded(Int64(magnitude / 60 % 60), width: 2, into: &out)
    }
}
