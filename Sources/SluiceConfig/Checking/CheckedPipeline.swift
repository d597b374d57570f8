/// One configured plugin occurrence, checked: its options decoded and defaults filled in.
public struct CheckedStage: Sendable {
    public let kind: SectionKind
    public let name: String
    /// The `id` setting, or one made from the plugin name and its position (`json_2`).
    public let id: String
    public let options: PluginOptions
    public let location: SourceLocation
    /// The typed options and what makes the stage from them (`nil` after a syntax-only check).
    public let prepared: PreparedStage?

    public init(
        kind: SectionKind, name: String, id: String, options: PluginOptions, location: SourceLocation, prepared: PreparedStage? = nil
    ) {
        self.kind = kind
        self.name = name
        self.id = id
        self.options = options
        self.location = location
        self.prepared = prepared
    }
}

/// A statement of a checked section.
public indirect enum CheckedStatement: Sendable {
    case stage(CheckedStage)
    case branch(condition: Condition, then: [CheckedStatement], otherwise: [CheckedStatement], location: SourceLocation)
}

/// A config that passed `sluice check`: what the runtime builds a pipeline from.
public struct CheckedPipeline: Sendable {
    public let inputs: [CheckedStatement]
    public let filters: [CheckedStatement]
    public let outputs: [CheckedStatement]
    /// Warnings found while checking (deprecated settings, defaults added for `-e`).
    public let warnings: [Diagnostic]

    public init(inputs: [CheckedStatement], filters: [CheckedStatement], outputs: [CheckedStatement], warnings: [Diagnostic]) {
        self.inputs = inputs
        self.filters = filters
        self.outputs = outputs
        self.warnings = warnings
    }

    /// Every stage of a kind, in order (those inside branches too).
    public func stages(_ kind: SectionKind) -> [CheckedStage] {
        func collect(_ statements: [CheckedStatement]) -> [CheckedStage] {
            statements.flatMap { statement -> [CheckedStage] in
                switch statement {
                case .stage(let stage): [stage]
                case .branch(_, let then, let otherwise, _): collect(then) + collect(otherwise)
                }
            }
        }
        switch kind {
        case .input: return collect(inputs)
        case .filter: return collect(filters)
        case .output: return collect(outputs)
        }
    }
}
