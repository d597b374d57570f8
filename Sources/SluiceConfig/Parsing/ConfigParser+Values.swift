extension ConfigParser {
    /// `value = plugin / bareword / string / number / array / hash`.
    mutating func parseValue() -> ConfigValue? {
        let start = position
        guard let c = peek() else {
            failures.expect("a value", at: position)
            return nil
        }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return parseQuotedString()
        case UInt8(ascii: "["):
            return parseArray()
        case UInt8(ascii: "{"):
            return parseHash()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let plugin = parsePluginValue() { return plugin }
            position = start
            return parseNumber()
        default:
            if let plugin = parsePluginValue() { return plugin }
            position = start
            if let word = parseBareword() { return word }
            failures.expect("a value", at: start)
            return nil
        }
    }

    /// A plugin as a value (`codec => json { ... }`); nil, with the position kept, when not one.
    mutating func parsePluginValue() -> ConfigValue? {
        let start = position
        guard let c = peek(), ConfigParser.isNameByte(c) else { return nil }
        let save = failures
        guard let plugin = parsePlugin() else {
            position = start
            // A bareword that is not followed by `{` is not a plugin: keep only errors past the name.
            if failures.offset <= nameEnd(from: start) { failures = save }
            return nil
        }
        return ConfigValue(.plugin(plugin), at: location(start))
    }

    func nameEnd(from start: Int) -> Int {
        var i = start
        while i < bytes.count, ConfigParser.isNameByte(bytes[i]) { i += 1 }
        var j = i
        while j < bytes.count, ConfigParser.isWhitespace(bytes[j]) { j += 1 }
        return j
    }

    /// `/[A-Za-z_][A-Za-z0-9_]+/`: at least two characters.
    mutating func parseBareword() -> ConfigValue? {
        let start = position
        guard let first = peek(), ConfigParser.isLetterOrUnderscore(first) else {
            failures.expect("a bareword", at: position)
            return nil
        }
        position += 1
        while let c = peek(), ConfigParser.isLetterOrUnderscore(c) || (c >= 0x30 && c <= 0x39) { position += 1 }
        guard position - start >= 2 else {
            position = start
            failures.fail(
                "a bareword value needs at least two characters; quote it: \"\(Character(UnicodeScalar(first)))\"",
                at: start)
            return nil
        }
        return ConfigValue(.bareword(String(decoding: bytes[start..<position], as: UTF8.self)), at: location(start))
    }

    static func isLetterOrUnderscore(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// `"..."` or `'...'`; a backslash escapes the quote. Escapes are processed only with
    /// `supportEscapes`.
    mutating func parseQuotedString() -> ConfigValue? {
        let start = position
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            failures.expect("a string", at: position)
            return nil
        }
        position += 1
        let contentStart = position
        while let c = peek() {
            if c == UInt8(ascii: "\\") && position + 1 < bytes.count && bytes[position + 1] == quote {
                position += 2
                continue
            }
            if c == quote {
                let raw = Array(bytes[contentStart..<position])
                position += 1
                let text = options.supportEscapes ? StringEscapes.process(raw) : String(decoding: raw, as: UTF8.self)
                return ConfigValue(.string(text), at: location(start))
            }
            position += 1
        }
        failures.fail("unterminated string (the quote opened here is never closed)", at: start)
        return nil
    }

    /// `/re/` with `\/` escaping a slash; other escapes are left for the regex engine.
    mutating func parseRegexLiteral() -> RegexLiteral? {
        let start = position
        guard peek() == UInt8(ascii: "/") else {
            failures.expect("a regular expression", at: position)
            return nil
        }
        position += 1
        var content: [UInt8] = []
        while let c = peek() {
            if c == UInt8(ascii: "\\") && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "/") {
                content.append(UInt8(ascii: "/"))
                position += 2
                continue
            }
            if c == UInt8(ascii: "/") {
                position += 1
                return RegexLiteral(source: String(decoding: content, as: UTF8.self), location: location(start))
            }
            content.append(c)
            position += 1
        }
        failures.fail("unterminated regular expression", at: start)
        return nil
    }

    /// `["-"] digit+ ["." digit*]`: a leading zero means octal, as Ruby's `Integer()` reads it.
    mutating func parseNumber() -> ConfigValue? {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while let c = peek(), c >= 0x30 && c <= 0x39 { position += 1 }
        guard position > digitsStart else {
            position = start
            failures.expect("a number", at: start)
            return nil
        }
        var isFloat = false
        if peek() == UInt8(ascii: "."), let next = peek(1), next >= 0x30 && next <= 0x39 {
            isFloat = true
            position += 1
            while let c = peek(), c >= 0x30 && c <= 0x39 { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isFloat {
            guard let value = Double(text) else {
                failures.fail("invalid number \(text)", at: start)
                return nil
            }
            return ConfigValue(.float(value), at: location(start))
        }
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let octal = digits.count > 1 && digits.hasPrefix("0")
        guard let magnitude = Int64(octal ? String(digits.dropFirst()) : digits, radix: octal ? 8 : 10) else {
            failures.fail(
                octal ? "invalid octal number \(text) (a leading 0 means octal: digits 0-7 only)" : "number \(text) is too large",
                at: start)
            return nil
        }
        return ConfigValue(.integer(negative ? -magnitude : magnitude), at: location(start))
    }

    /// `"[" cs [value { cs "," cs value }] cs "]"`: no trailing comma.
    mutating func parseArray() -> ConfigValue? {
        let start = position
        guard take("[") else { return nil }
        guard enterNesting() else { return nil }
        defer { leaveNesting() }
        skipSpace()
        var elements: [ConfigValue] = []
        if peek() == UInt8(ascii: "]") {
            position += 1
            return ConfigValue(.array(elements), at: location(start))
        }
        while true {
            guard let element = parseValue() else { return nil }
            elements.append(element)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                skipSpace()
                continue
            }
            guard take("]") else {
                failures.expect("\",\"", at: position)
                return nil
            }
            return ConfigValue(.array(elements), at: location(start))
        }
    }

    /// `"{" cs [hashentry { cs hashentry }] cs "}"`: entries are not comma-separated.
    mutating func parseHash() -> ConfigValue? {
        let start = position
        guard take("{") else { return nil }
        guard enterNesting() else { return nil }
        defer { leaveNesting() }
        skipSpace()
        var entries: [ConfigValue.HashEntry] = []
        while peek() != UInt8(ascii: "}") {
            let keyStart = position
            let key: ConfigValue?
            switch peek() {
            case UInt8(ascii: "\"")?, UInt8(ascii: "'")?: key = parseQuotedString()
            case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: key = parseNumber()
            default: key = parseBareword()
            }
            guard let key else {
                failures.expect("\"}\"", at: keyStart)
                return nil
            }
            skipSpace()
            guard take("=>") else { return nil }
            skipSpace()
            guard let value = parseValue() else { return nil }
            entries.append(ConfigValue.HashEntry(key: key, value: value))
            skipSpace()
        }
        position += 1
        checkDuplicateKeys(entries)
        return ConfigValue(.hash(entries), at: location(start))
    }

    /// Logstash rejects a key written twice in one hash literal (nested hashes are checked on their own).
    mutating func checkDuplicateKeys(_ entries: [ConfigValue.HashEntry]) {
        var seen: [ConfigValue.Kind: SourceLocation] = [:]
        for entry in entries {
            if let first = seen[entry.key.kind] {
                diagnostics.append(
                    Diagnostic(
                        .error, at: entry.key.location,
                        "duplicate key \(entry.key.text.map { "\"\($0)\"" } ?? "") in hash (first written at line \(first.line))",
                        hint: "Logstash rejects this too (\"Duplicate keys found in your configuration\"); keep one entry"))
            } else {
                seen[entry.key.kind] = entry.key.location
            }
        }
    }
}
