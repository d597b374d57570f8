/// A compiled sprintf template, Logstash's string interpolation (`StringInterpolation.java`).
///
/// | token | renders |
/// | --- | --- |
/// | `%{field}`, `%{[a][b]}` | the field's value; missing or null: the token itself, literally |
/// | `%{+YYYY.MM.dd}` | `@timestamp` in UTC with a Joda pattern; nothing without a timestamp |
/// | `%{{yyyy-DDD}}` | `@timestamp` in UTC with a java.time pattern |
/// | `%{+%s}` | `@timestamp` as epoch seconds |
/// | `%{{TIME_NOW}}` | the current time, ISO8601 |
///
/// A `%{` with no closing `}` is literal text. Compiled once (field references and date patterns
/// parsed at config time), rendered into a reusable byte buffer.
public struct Template: Sendable, Hashable {
    /// A piece of a compiled template.
    public enum Part: Sendable, Hashable {
        case literal([UInt8])
        /// A field reference, with the token's text (`%{a}`) to print when the field is missing.
        case field(FieldPath, token: String)
        case timestamp(DatePattern)
        case epochSeconds
        case timeNow
    }

    public let source: String
    public let parts: [Part]

    /// Compiles `source`.
    /// - Throws: `TemplateError` for an illegal field reference or date pattern inside `%{...}`.
    public init(_ source: String) throws(TemplateError) {
        self.source = source
        self.parts = try Template.compile(source)
    }

    /// `true` when the template has no `%{...}` token: it renders the same for every event.
    public var isConstant: Bool {
        parts.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// `true` when rendering reads nothing but `@timestamp` (a daily index name, say).
    public var dependsOnlyOnTimestamp: Bool {
        parts.allSatisfy {
            switch $0 {
            case .literal, .timestamp, .epochSeconds: true
            case .field, .timeNow: false
            }
        }
    }

    /// `true` when rendering reads nothing but the UTC day of `@timestamp`
    /// (`logs-%{+YYYY.MM.dd}`): one rendering serves every event of that day.
    public var dependsOnlyOnDay: Bool {
        parts.allSatisfy { part in
            switch part {
            case .literal: return true
            case .field, .timeNow, .epochSeconds: return false
            case .timestamp(let pattern):
                return pattern.tokens.allSatisfy { token in
                    guard case .field(let field, _) = token else { return true }
                    return [
                        .year, .yearOfEra, .weekBasedYear, .month, .dayOfMonth, .dayOfYear, .era, .centuryOfEra,
                        .weekOfWeekBasedYear, .dayOfWeekNumber, .dayOfWeekText,
                    ].contains(field)
                }
            }
        }
    }

    static func compile(_ source: String) throws(TemplateError) -> [Part] {
        let bytes = Array(source.utf8)
        var parts: [Part] = []
        var literal: [UInt8] = []
        var i = 0
        func flushLiteral() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = []
            }
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "%"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            let open = i
            if i + 2 < bytes.count && bytes[i + 2] == UInt8(ascii: "{") {
                // %{{java.time pattern}}
                guard let close = find([UInt8(ascii: "}"), UInt8(ascii: "}")], in: bytes, from: i + 3) else { break }
                let pattern = String(decoding: bytes[(i + 3)..<close], as: UTF8.self)
                flushLiteral()
                if pattern == "TIME_NOW" {
                    parts.append(.timeNow)
                } else {
                    do {
                        parts.append(.timestamp(try DatePattern(pattern, dialect: .javaTime)))
                    } catch {
                        throw TemplateError(template: source, message: error.message)
                    }
                }
                i = close + 2
                continue
            }
            guard let close = find([UInt8(ascii: "}")], in: bytes, from: i + 2) else { break }
            let key = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
            flushLiteral()
            if key == "+%s" {
                parts.append(.epochSeconds)
            } else if key.utf8.first == UInt8(ascii: "+") {
                do {
                    parts.append(.timestamp(try DatePattern(String(key.dropFirst()), dialect: .joda)))
                } catch {
                    throw TemplateError(template: source, message: error.message)
                }
            } else {
                do {
                    let path = try FieldPath(parsing: key)
                    parts.append(.field(path, token: String(decoding: bytes[open...close], as: UTF8.self)))
                } catch {
                    throw TemplateError(template: source, message: error.message)
                }
            }
            i = close + 1
        }
        literal.append(contentsOf: bytes[i...])
        flushLiteral()
        return parts
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start <= bytes.count - needle.count else { return nil }
        for i in start...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if needle.count == 1 || bytes[i + 1] == needle[1] { return i }
        }
        return nil
    }
}
