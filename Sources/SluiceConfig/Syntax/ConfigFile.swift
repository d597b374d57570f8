/// A parsed config part: its sections in order of appearance.
public struct ConfigFile: Sendable, Hashable {
    public struct Section: Sendable, Hashable {
        public var kind: SectionKind
        public var statements: [Statement]
        public var location: SourceLocation
    }

    public var source: ConfigSource
    public var sections: [Section]
    /// Errors in well-formed text (duplicate hash keys, two codecs, `and` mixed with `xor`): the
    /// checker reports them with its own.
    public var diagnostics: [Diagnostic] = []

    /// The statements of every section of `kind`, in order (sections of one kind are concatenated).
    public func statements(of kind: SectionKind) -> [Statement] {
        sections.filter { $0.kind == kind }.flatMap(\.statements)
    }
}
