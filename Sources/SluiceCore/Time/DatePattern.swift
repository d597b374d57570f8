/// A compiled date pattern in Joda syntax (Logstash's `%{+...}` and the date filter) or java.time
/// syntax (Logstash's `%{{...}}`).
///
/// Compiled once, at config time, into fields and literals; formatting walks that list.
public struct DatePattern: Sendable, Hashable {
    /// Which library's pattern letters the text uses.
    public enum Dialect: Sendable, Hashable {
        /// Joda-Time `DateTimeFormat.forPattern` (`Y` = year of era, `x` = week year).
        case joda
        /// java.time `DateTimeFormatter.ofPattern` (`Y` = week-based year, `u` = year).
        case javaTime
    }

    /// What one pattern letter stands for.
    public enum Field: Sendable, Hashable {
        case era, centuryOfEra, year, yearOfEra, weekBasedYear, weekOfWeekBasedYear, dayOfWeekNumber, dayOfWeekText
        case dayOfYear, month, dayOfMonth, halfDay, hourOfHalfDay, clockHourOfHalfDay, hourOfDay, clockHourOfDay
        case minute, second, fractionOfSecond, nanoOfSecond, milliOfDay, zoneName, zoneOffset, zoneOffsetX
        case zoneOffsetLowerX, zoneID
    }

    /// A piece of the compiled pattern.
    public enum Token: Sendable, Hashable {
        case literal(String)
        /// A field with its letter count (`yyyy` is `.field(.year, 4)`).
        case field(Field, Int)
    }

    public let text: String
    public let dialect: Dialect
    public let tokens: [Token]
    /// The tokens as parsing walks them: literal text byte by byte, and for each field whether it
    /// reads a fixed number of digits (decided once here, not per parse).
    let readSteps: [ReadStep]

    /// Compiles `text`.
    /// - Throws: `DatePatternError` for a letter the dialect does not define, or an open quote.
    public init(_ text: String, dialect: Dialect = .joda) throws(DatePatternError) {
        self.text = text
        self.dialect = dialect
        self.tokens = try DatePattern.compile(text, dialect: dialect)
        self.readSteps = DatePattern.readSteps(tokens)
    }

    static func compile(_ text: String, dialect: Dialect) throws(DatePatternError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var literal = ""
        var i = 0
        func flush() {
            if !literal.isEmpty {
                tokens.append(.literal(literal))
                literal = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // '' is a quote; 'text' is literal text, '' inside it a quote.
                if i + 1 < chars.count && chars[i + 1] == "'" {
                    literal.unicodeScalars.append("'")
                    i += 2
                    continue
                }
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count && chars[j + 1] == "'" {
                            literal.unicodeScalars.append("'")
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    literal.unicodeScalars.append(chars[j])
                    j += 1
                }
                guard closed else { throw DatePatternError(pattern: text, message: "unterminated quote") }
                i = j + 1
                continue
            }
            let isLetter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
            guard isLetter else {
                if dialect == .javaTime && (c == "[" || c == "]") {
                    i += 1  // optional sections: everything inside is printed when formatting
                    continue
                }
                if dialect == .javaTime && (c == "{" || c == "}" || c == "#") {
                    throw DatePatternError(pattern: text, message: "reserved character '\(c)'")
                }
                literal.unicodeScalars.append(c)
                i += 1
                continue
            }
            var count = 1
            while i + count < chars.count && chars[i + count] == c { count += 1 }
            guard let field = DatePattern.field(for: Character(c), dialect: dialect) else {
                throw DatePatternError(pattern: text, message: "unknown pattern letter '\(c)'")
            }
            flush()
            tokens.append(.field(field, count))
            i += count
        }
        flush()
        return tokens
    }

    static func field(for letter: Character, dialect: Dialect) -> Field? {
        switch (letter, dialect) {
        case ("G", _): .era
        case ("C", .joda): .centuryOfEra
        case ("y", _), ("u", .javaTime): .year
        case ("Y", .joda): .yearOfEra
        case ("Y", .javaTime), ("x", .joda): .weekBasedYear
        case ("w", _): .weekOfWeekBasedYear
        case ("e", _), ("c", .javaTime): .dayOfWeekNumber
        case ("E", _): .dayOfWeekText
        case ("D", _): .dayOfYear
        case ("M", _), ("L", .javaTime): .month
        case ("d", _): .dayOfMonth
        case ("a", _): .halfDay
        case ("K", _): .hourOfHalfDay
        case ("h", _): .clockHourOfHalfDay
        case ("H", _): .hourOfDay
        case ("k", _): .clockHourOfDay
        case ("m", _): .minute
        case ("s", _): .second
        case ("S", _): .fractionOfSecond
        case ("n", .javaTime): .nanoOfSecond
        case ("A", .javaTime): .milliOfDay
        case ("z", _): .zoneName
        case ("Z", _): .zoneOffset
        case ("X", .javaTime): .zoneOffsetX
        case ("x", .javaTime): .zoneOffsetLowerX
        case ("V", .javaTime): .zoneID
        default: nil
        }
    }
}
