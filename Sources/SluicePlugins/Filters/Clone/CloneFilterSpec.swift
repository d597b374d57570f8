import SluiceConfig
import SluiceCore

/// `filter { clone { clones => ["copy"] } }`: copies of each event (logstash-filter-clone 4.2).
let cloneFilterSpec = PluginSpec.filter(
    "clone", summary: "add copies of each event, one per name in clones (ECS: tagged with it; disabled: its type)",
    options: [
        OptionSpec("clones", .array(of: .string), required: true, doc: "one copy per name"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "disabled: a copy's type is its name; v1/v8: it is tagged"),
    ],
    decode: CloneFilterOptions.init, make: CloneFilter.init(options:))

/// The clone filter's options, decoded.
public struct CloneFilterOptions: Sendable, Hashable {
    let clones: [String]
    /// ECS: the name is a tag; legacy: it is the copy's `type`.
    let tagsCopies: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        clones = reader.strings("clones")
        if clones.isEmpty { reader.warning("clones", "no copies are made", hint: "clones => [\"copy\"]") }
        tagsCopies = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
