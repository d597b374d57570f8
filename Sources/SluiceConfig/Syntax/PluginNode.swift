/// The three kinds of section, and of stage.
public enum SectionKind: String, Sendable, Hashable, CaseIterable {
    case input, filter, output
}

/// One plugin block: `json { source => "message" }`.
public struct PluginNode: Sendable, Hashable {
    public var name: String
    public var settings: [Setting]
    /// Where the plugin name starts.
    public var location: SourceLocation

    public init(name: String, settings: [Setting], location: SourceLocation) {
        self.name = name
        self.settings = settings
        self.location = location
    }

    /// The first setting with this name.
    public func setting(_ name: String) -> Setting? { settings.first { $0.name == name } }
}

/// `name => value` inside a plugin block.
public struct Setting: Sendable, Hashable {
    public var name: String
    public var value: ConfigValue
    /// Where the setting name starts.
    public var location: SourceLocation

    public init(name: String, value: ConfigValue, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// A statement of a section body: a plugin, or an `if` with its branches.
public indirect enum Statement: Sendable, Hashable {
    case plugin(PluginNode)
    /// `if` / `else if` / `else`, desugared: `else if` is an `if` inside `otherwise`.
    case branch(Branch)
}

/// `if condition { then } else { otherwise }`.
public struct Branch: Sendable, Hashable {
    public var condition: Condition
    public var then: [Statement]
    public var otherwise: [Statement]
    public var location: SourceLocation

    public init(condition: Condition, then: [Statement], otherwise: [Statement], location: SourceLocation) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        self.location = location
    }
}
