public import SluiceConfig
public import SluiceCore

/// Builds a checked stage from a plugin block written as config text, for plugin tests.
public enum StageMaker {
    /// `StageMaker.stage(.filter, "json { source => \"message\" }", catalog: ...)`.
    public static func stage(
        _ kind: SectionKind, _ block: String, catalog: PluginCatalog, context: OptionContext = OptionContext()
    ) throws -> CheckedStage {
        let config = try PipelineConfig.parse([ConfigSource(name: "test", text: "\(kind.rawValue) { \(block) }")]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:], context: context).check(config).get()
        guard let stage = checked.stages(kind).first else { throw ConfigErrors([]) }
        return stage
    }

    /// The typed options a plugin block decodes to, as `check` and `run` decode them.
    public static func options<Options>(
        _ kind: SectionKind, _ block: String, catalog: PluginCatalog, as type: Options.Type = Options.self,
        context: OptionContext = OptionContext()
    ) throws -> Options {
        let stage = try stage(kind, block, catalog: catalog, context: context)
        guard let options = stage.prepared?.options as? Options else { throw StageMakerError("\(block) does not decode to \(Options.self)") }
        return options
    }

    /// A filter made from a block, as a pipeline worker makes it.
    public static func filter(_ block: String, catalog: PluginCatalog) throws -> any Filter {
        guard case .filter(let make)? = try stage(.filter, block, catalog: catalog).prepared?.factory else {
            throw StageMakerError("\(block) is not a runnable filter")
        }
        return make()
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
        // Config strings take no escapes: a string is written as it is, quoted with a quote it lacks.
        case .string(let s) where !s.contains("\""): "\"" + s + "\""
        case .string(let s) where !s.contains("'"): "'" + s + "'"
        case .string(let s): JSONWriter.string(.string(s))
        default: JSONWriter.string(value)
        }
    }
}

/// Why a test's plugin block could not be made.
public struct StageMakerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
