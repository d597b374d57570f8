/// Settings that change how config text is read.
public struct ConfigParseOptions: Sendable, Hashable {
    /// `config.support_escapes`: process `\" \' \\ \n \r \t \0` in quoted strings (off in Logstash).
    public var supportEscapes: Bool
    /// The deepest nesting of blocks, brackets and parentheses accepted before a clear error
    /// (instead of exhausting the stack on hostile input).
    public var maximumNesting: Int

    public init(supportEscapes: Bool = false, maximumNesting: Int = 200) {
        self.supportEscapes = supportEscapes
        self.maximumNesting = maximumNesting
    }
}
