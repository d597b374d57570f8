/// Parses one config part (a file or `-e` string) in the Logstash config language.
///
/// A hand-written recursive-descent transcription of Logstash's PEG grammar (`lscl_grammar.treetop`,
/// ../shared/SPEC/logstash.md §1.1): ordered choice with backtracking where the grammar needs it.
/// On failure it reports the furthest position it could not go past and what it expected there.
public struct ConfigParser {
    let source: ConfigSource
    let bytes: [UInt8]
    let options: ConfigParseOptions
    var position = 0
    var depth = 0
    var failures = ParseFailureTracker()
    /// Errors found in well-formed text (duplicate hash keys, several codecs).
    var diagnostics: [Diagnostic] = []

    public init(source: ConfigSource, options: ConfigParseOptions = ConfigParseOptions()) {
        self.source = source
        self.bytes = source.bytes
        self.options = options
    }

    /// Parses the whole source.
    /// - Returns: the file (with any errors found in well-formed text, such as duplicate hash keys,
    ///   in its `diagnostics`), or the syntax error that stopped the parse.
    public static func parse(_ source: ConfigSource, options: ConfigParseOptions = ConfigParseOptions())
        -> Result<ConfigFile, ConfigErrors>
    {
        var parser = ConfigParser(source: source, options: options)
        return parser.parseFile()
    }

    mutating func parseFile() -> Result<ConfigFile, ConfigErrors> {
        var sections: [ConfigFile.Section] = []
        while true {
            skipSpace()
            if atEnd { break }
            guard let section = parseSection() else { return .failure(ConfigErrors([parseFailureDiagnostic()])) }
            sections.append(section)
        }
        return .success(ConfigFile(source: source, sections: sections, diagnostics: diagnostics))
    }

    func parseFailureDiagnostic() -> Diagnostic {
        let offset = max(failures.offset, 0)
        let location = source.location(ofOffset: offset)
        let found: String
        if offset >= bytes.count {
            found = "end of input"
        } else {
            let scalar = String(decoding: bytes[offset..<min(bytes.count, offset + 4)], as: UTF8.self).first.map(String.init) ?? "?"
            found = scalar == "\u{FEFF}" ? "a byte order mark (U+FEFF)" : "\"\(scalar)\""
        }
        let message = failures.message ?? "\(failures.expectationText), found \(found)"
        return Diagnostic(.error, at: location, message, hint: hint(found: found))
    }

    func hint(found: String) -> String? {
        if failures.message != nil { return nil }
        let before = wordBefore(failures.offset)
        if ["elsif", "elif", "elseif"].contains(before) { return "`\(before)` is not a keyword; write `else if`" }
        if found.contains("U+FEFF") { return "save the file as UTF-8 without a byte order mark" }
        if found == "\",\"" && failures.expected.contains("\"}\"") && !failures.expected.contains("\",\"") {
            return "settings and hash entries are separated by whitespace, not commas"
        }
        if found == "\",\"" && failures.expected.contains("a value") {
            return "a list may not end with a comma"
        }
        if failures.expected.contains("\"=>\"") && found == "\"=\"" { return "write `=>` with no space inside" }
        return nil
    }

    /// The name-like word that ends just before `offset` (spaces between are skipped).
    func wordBefore(_ offset: Int) -> String {
        var end = min(offset, bytes.count)
        while end > 0 && ConfigParser.isWhitespace(bytes[end - 1]) { end -= 1 }
        var start = end
        while start > 0 && ConfigParser.isNameByte(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    // MARK: - Cursor

    var atEnd: Bool { position >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        let i = position + offset
        return i < bytes.count ? bytes[i] : nil
    }

    func location(_ offset: Int) -> SourceLocation { source.location(ofOffset: offset) }

    /// Consumes `literal` if it comes next; otherwise records it as expected.
    mutating func take(_ literal: String) -> Bool {
        if hasPrefix(literal) {
            position += literal.utf8.count
            return true
        }
        failures.expect("\"\(literal)\"", at: position)
        return false
    }

    /// Whether `word` comes next and is not followed by a word character.
    func atKeyword(_ word: String) -> Bool {
        guard hasPrefix(word) else { return false }
        let count = word.utf8.count
        if let next = position + count < bytes.count ? bytes[position + count] : nil,
            ConfigParser.isNameByte(next)
        {
            return false
        }
        return true
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F || byte == 0x2D
    }

    /// `cs`: whitespace and `#` comments, possibly none. Records what could have come here.
    mutating func skipSpace() {
        while let c = peek() {
            if ConfigParser.isWhitespace(c) {
                position += 1
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != UInt8(ascii: "\n") { position += 1 }
            } else {
                break
            }
        }
        failures.expect("whitespace", at: position)
        failures.expect("\"#\"", at: position)
    }

    /// `whitespace cs`: at least one real whitespace character, then any space and comments.
    mutating func skipRequiredSpace() -> Bool {
        guard let c = peek(), ConfigParser.isWhitespace(c) else {
            failures.expect("whitespace", at: position)
            return false
        }
        skipSpace()
        return true
    }

    mutating func enterNesting() -> Bool {
        depth += 1
        if depth > options.maximumNesting {
            failures.fail("nesting deeper than \(options.maximumNesting) levels", at: position)
            return false
        }
        return true
    }

    mutating func leaveNesting() { depth -= 1 }

    // MARK: - Sections, statements, plugins

    mutating func parseSection() -> ConfigFile.Section? {
        let start = position
        var kind: SectionKind?
        for candidate in SectionKind.allCases where atKeyword(candidate.rawValue) || peekWord(candidate.rawValue) {
            kind = candidate
            position += candidate.rawValue.utf8.count
            break
        }
        guard let kind else {
            for candidate in SectionKind.allCases { failures.expect("\"\(candidate.rawValue)\"", at: position) }
            return nil
        }
        skipSpace()
        guard take("{") else { return nil }
        guard let statements = parseStatements() else { return nil }
        return ConfigFile.Section(kind: kind, statements: statements, location: location(start))
    }

    /// `input{` is allowed: the section keyword may be followed directly by `{` or space.
    func peekWord(_ word: String) -> Bool {
        guard hasPrefix(word) else { return false }
        let count = word.utf8.count
        let next = position + count < bytes.count ? bytes[position + count] : nil
        return next.map { !ConfigParser.isNameByte($0) } ?? true
    }

    /// `{ branch_or_plugin cs } "}"`, after the opening brace.
    mutating func parseStatements() -> [Statement]? {
        guard enterNesting() else { return nil }
        defer { leaveNesting() }
        var statements: [Statement] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return statements
            }
            if atKeyword("if") {
                let save = position
                if let branch = parseBranch() {
                    statements.append(.branch(branch))
                    continue
                }
                position = save
            }
            guard let plugin = parsePlugin() else {
                failures.expect("\"}\"", at: position)
                failures.expect("\"if\"", at: position)
                return nil
            }
            statements.append(.plugin(plugin))
        }
    }

    /// `name cs "{" cs [attribute { whitespace cs attribute }] cs "}"`; on failure the position is
    /// where it was (the furthest failure is kept for the error message).
    mutating func parsePlugin() -> PluginNode? {
        let start = position
        guard let plugin = parsePluginBody() else {
            position = start
            return nil
        }
        return plugin
    }

    mutating func parsePluginBody() -> PluginNode? {
        let start = position
        guard let name = parseName() else { return nil }
        skipSpace()
        guard take("{") else {
            position = start
            return nil
        }
        guard enterNesting() else { return nil }
        defer { leaveNesting() }
        skipSpace()
        var settings: [Setting] = []
        if peek() != UInt8(ascii: "}") {
            guard let first = parseSetting() else { return nil }
            settings.append(first)
            // { whitespace cs attribute }: settings are separated by real whitespace, never commas.
            while true {
                let save = position
                guard skipRequiredSpace(), let next = parseSetting() else {
                    position = save
                    break
                }
                settings.append(next)
            }
            skipSpace()
        }
        guard take("}") else { return nil }
        let node = PluginNode(name: name, settings: settings, location: location(start))
        return mergedSettings(of: node)
    }

    /// `name cs "=>" cs value`.
    mutating func parseSetting() -> Setting? {
        let start = position
        guard let name = parseName() else {
            failures.expect("a setting name", at: position)
            return nil
        }
        skipSpace()
        guard take("=>") else { return nil }
        skipSpace()
        guard let value = parseValue() else { return nil }
        return Setting(name: name, value: value, location: location(start))
    }

    /// `/[A-Za-z0-9_-]+/ / string`.
    mutating func parseName() -> String? {
        if let c = peek(), c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            guard case .string(let text)? = parseQuotedString()?.kind else { return nil }
            return text
        }
        let start = position
        while let c = peek(), ConfigParser.isNameByte(c) { position += 1 }
        guard position > start else {
            failures.expect("a name", at: position)
            return nil
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
