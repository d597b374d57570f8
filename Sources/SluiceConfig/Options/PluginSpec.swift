public import SluiceCore

/// A plugin's declaration: its name, kind, options and extra checks. Declared once per plugin (in
/// SluicePlugins) and used by `sluice check`, `--list-plugins` and option decoding.
public struct PluginSpec: Sendable {
    public typealias Validation = @Sendable (PluginOptions) -> [PluginProblem]

    /// How the runtime makes a stage of this plugin from its checked settings.
    public enum Builder: Sendable {
        case input(@Sendable (CheckedStage) throws -> any Input)
        /// Called once per worker: each worker has its own filter instances.
        case filter(@Sendable (CheckedStage) throws -> any Filter)
        case output(@Sendable (CheckedStage) throws -> any Output)
    }

    public let name: String
    public let kind: SectionKind
    public let summary: String
    /// The plugin's own options; the common options of its kind are added by `allOptions`.
    public let options: [OptionSpec]
    /// Checks across options (say, `match` needs a field and a pattern), run after decoding.
    public let validate: Validation?
    /// `nil` for plugins that `check` knows but this build cannot run yet.
    public let builder: Builder?

    public init(
        name: String, kind: SectionKind, summary: String, options: [OptionSpec], validate: Validation? = nil,
        builder: Builder? = nil
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.options = options
        self.validate = validate
        self.builder = builder
    }

    /// The same declaration with a way to build stages.
    public func building(_ builder: Builder) -> PluginSpec {
        PluginSpec(name: name, kind: kind, summary: summary, options: options, validate: validate, builder: builder)
    }

    /// The plugin's options followed by the common options of its kind (a plugin may override one).
    public var allOptions: [OptionSpec] {
        let own = Set(options.map(\.name))
        return options + CommonOptions.options(for: kind).filter { !own.contains($0.name) }
    }

    public func option(_ name: String) -> OptionSpec? { allOptions.first { $0.name == name } }
}

/// A problem a plugin's own validation found, tied to one of its settings (or to the plugin).
public struct PluginProblem: Sendable, Hashable {
    public let setting: String?
    public let message: String
    public let hint: String?

    public init(setting: String?, _ message: String, hint: String? = nil) {
        self.setting = setting
        self.message = message
        self.hint = hint
    }
}
