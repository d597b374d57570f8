public import SluiceConfig
public import SluiceCore

/// Builds a checked stage from a plugin block written as config text, for plugin tests.
public enum StageMaker {
    /// `StageMaker.stage(.filter, "json { source => \"message\" }", catalog: ...)`.
    public static func stage(_ kind: SectionKind, _ block: String, catalog: PluginCatalog) throws -> CheckedStage {
        let config = try PipelineConfig.parse([ConfigSource(name: "test", text: "\(kind.rawValue) { \(block) }")]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        guard let stage = checked.stages(kind).first else { throw ConfigErrors([]) }
        return stage
    }

    /// Config text for a plugin block from a vector's `config` object (`{"source":"message"}`).
    public static func block(_ name: String, _ settings: OrderedObject) -> String {
        let body = settings.map { key, value in "\(key) => \(literal(value))" }.joined(separator: " ")
        return "\(name) { \(body) }"
    }

    static func literal(_ value: Value) -> String {
        switch value {
        case .array(let list): "[" + list.map(literal).joined(separator: ", ") + "]"
        case .object(let object): "{ " + object.map { "\(JSONWriter.string(.string($0.key))) => \(literal($0.value))" }.joined(separator: " ") + " }"
        case .string(let s): JSONWriter.string(.string(s))
        default: JSONWriter.string(value)
        }
    }
}
