/// A whole pipeline's config: every part (file or `-e` string) parsed on its own, then the
/// sections of each kind concatenated in order (inputs and outputs run in parallel, filters in
/// sequence; filters of later parts run after earlier ones).
public struct PipelineConfig: Sendable, Hashable {
    public var files: [ConfigFile]

    public init(files: [ConfigFile]) {
        self.files = files
    }

    /// Parses every source; the diagnostics of all of them are reported together.
    public static func parse(_ sources: [ConfigSource], options: ConfigParseOptions = ConfigParseOptions())
        -> Result<PipelineConfig, ConfigErrors>
    {
        var files: [ConfigFile] = []
        var diagnostics: [Diagnostic] = []
        for source in sources {
            switch ConfigParser.parse(source, options: options) {
            case .success(let file): files.append(file)
            case .failure(let errors): diagnostics += errors.diagnostics
            }
        }
        return diagnostics.isEmpty ? .success(PipelineConfig(files: files)) : .failure(ConfigErrors(diagnostics))
    }

    /// The statements of every section of `kind`, across all parts, in order.
    public func statements(of kind: SectionKind) -> [Statement] {
        files.flatMap { $0.statements(of: kind) }
    }

    /// Errors found in well-formed text while parsing (see `ConfigFile.diagnostics`).
    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }

    /// The sources joined with newlines, as Logstash records the pipeline's text.
    public var originalSource: String {
        files.map(\.source.text).joined(separator: "\n")
    }

    /// Every plugin (nested in branches too) of `kind`, in order.
    public func plugins(of kind: SectionKind) -> [PluginNode] {
        PipelineConfig.plugins(in: statements(of: kind))
    }

    static func plugins(in statements: [Statement]) -> [PluginNode] {
        statements.flatMap { statement -> [PluginNode] in
            switch statement {
            case .plugin(let plugin): [plugin]
            case .branch(let branch): plugins(in: branch.then) + plugins(in: branch.otherwise)
            }
        }
    }

    /// The source a location points into, for printing its line.
    public func source(named name: String) -> ConfigSource? {
        files.first { $0.source.name == name }?.source
    }
}
