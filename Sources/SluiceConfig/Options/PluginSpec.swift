/// A plugin's declaration: its name, kind, options and extra checks. Declared once per plugin (in
/// SluicePlugins) and used by `sluice check`, `--list-plugins` and option decoding.
public struct PluginSpec: Sendable {
    public typealias Validation = @Sendable (PluginOptions) -> [PluginProblem]

    public let name: String
    public let kind: SectionKind
    public let summary: String
    /// The plugin's own options; the common options of its kind are added by `allOptions`.
    public let options: [OptionSpec]
    /// Checks across options (say, `match` needs a field and a pattern), run after decoding.
    public let validate: Validation?

    public init(
        name: String, kind: SectionKind, summary: String, options: [OptionSpec], validate: Validation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.options = options
        self.validate = validate
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
