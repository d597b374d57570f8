public import SluiceCore

/// A plugin's declaration: its name, kind, options, and how its typed options are decoded and its
/// stages made. Declared once per plugin (in SluicePlugins) and used by `sluice check`, `sluice
/// test`, `sluice run`, `--list-plugins` and docs/configuration.md alike.
public struct PluginSpec: Sendable {
    public typealias Prepare = @Sendable (inout OptionReader) throws -> PreparedStage

    public let name: String
    public let kind: SectionKind
    public let summary: String
    /// The plugin's own options; the common options of its kind are added by `allOptions`.
    public let options: [OptionSpec]
    /// Decodes a stage's options (every check that needs no side effect) and returns what makes
    /// the stage. `nil` for plugins that `check` knows but this build cannot run.
    public let prepare: Prepare?

    public init(name: String, kind: SectionKind, summary: String, options: [OptionSpec], prepare: Prepare?) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.options = options
        self.prepare = prepare
    }

    /// An input: `decode` makes its typed options, `make` the input from them.
    public static func input<Options: Sendable & Equatable>(
        _ name: String, summary: String, options: [OptionSpec],
        decode: @escaping @Sendable (inout OptionReader) throws -> Options,
        make: @escaping @Sendable (Options, StageContext) throws -> any Input
    ) -> PluginSpec {
        PluginSpec(name: name, kind: .input, summary: summary, options: options) { reader in
            let decoded = try decode(&reader)
            return PreparedStage(options: decoded, factory: .input { try make(decoded, $0) })
        }
    }

    /// A filter: `decode` makes its typed options, `make` a filter instance (one per worker).
    public static func filter<Options: Sendable & Equatable>(
        _ name: String, summary: String, options: [OptionSpec],
        decode: @escaping @Sendable (inout OptionReader) throws -> Options,
        make: @escaping @Sendable (Options) -> any Filter
    ) -> PluginSpec {
        PluginSpec(name: name, kind: .filter, summary: summary, options: options) { reader in
            let decoded = try decode(&reader)
            return PreparedStage(options: decoded, factory: .filter { make(decoded) })
        }
    }

    /// An output: `decode` makes its typed options, `make` the output from them.
    public static func output<Options: Sendable & Equatable>(
        _ name: String, summary: String, options: [OptionSpec],
        decode: @escaping @Sendable (inout OptionReader) throws -> Options,
        make: @escaping @Sendable (Options, StageContext) throws -> any Output
    ) -> PluginSpec {
        PluginSpec(name: name, kind: .output, summary: summary, options: options) { reader in
            let decoded = try decode(&reader)
            return PreparedStage(options: decoded, factory: .output { try make(decoded, $0) })
        }
    }

    /// A plugin `check` knows (its options are checked) but this build cannot run.
    public static func unavailable(_ name: String, kind: SectionKind, summary: String, options: [OptionSpec]) -> PluginSpec {
        PluginSpec(name: name, kind: kind, summary: summary, options: options, prepare: nil)
    }

    /// The plugin's options followed by the common options of its kind (a plugin may override one).
    public var allOptions: [OptionSpec] {
        let own = Set(options.map(\.name))
        return options + CommonOptions.options(for: kind).filter { !own.contains($0.name) }
    }

    public func option(_ name: String) -> OptionSpec? { allOptions.first { $0.name == name } }
}

extension PluginSpec {
    /// A plugin with no options whose every stage is the given input (tests, benchmarks).
    public static func fixed(input name: String, _ input: @escaping @Sendable () -> any Input) -> PluginSpec {
        .input(name, summary: "", options: [], decode: NoOptions.init) { _, _ in input() }
    }

    /// A plugin with no options whose every stage is the given output (tests, benchmarks).
    public static func fixed(output name: String, _ output: @escaping @Sendable () -> any Output) -> PluginSpec {
        .output(name, summary: "", options: [], decode: NoOptions.init) { _, _ in output() }
    }
}

/// A problem a plugin's decoding found, tied to one of its settings (or to the plugin); thrown as
/// `OptionError` or recorded with `OptionReader.problem`.
public struct PluginProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let setting: String?
    public let message: String
    public let hint: String?

    public init(setting: String?, _ message: String, hint: String? = nil) {
        self.setting = setting
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
