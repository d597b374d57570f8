import SluiceConfig
import SluiceCore

/// `filter { de_dot { } }`: dots out of field names (logstash-filter-de_dot 1.1).
let deDotFilterSpec = PluginSpec.filter(
    "de_dot", summary: "replace dots in field names, or turn dotted names into nested fields",
    options: [
        OptionSpec("separator", .string, default: .string("_"), doc: "what replaces each dot (no dot in it)"),
        OptionSpec("nested", .boolean, default: .boolean(false), doc: "a.b becomes [a][b] instead"),
        OptionSpec("fields", .array(of: .string), default: .array([]), doc: "only these fields (default: every top-level field)"),
        OptionSpec("recursive", .boolean, default: .boolean(false), doc: "also the names inside objects"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_de_dot_error")]),
            doc: "tags added when a nested name collides with a value"),
    ],
    decode: DeDotFilterOptions.init, make: DeDotFilter.init(options:))

/// The de_dot filter's options, decoded.
public struct DeDotFilterOptions: Sendable, Hashable {
    let separator: String
    let nested: Bool
    let fields: [FieldPath]
    let recursive: Bool
    let tagOnFailure: [String]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        separator = reader.string("separator")
        if separator.contains(".") {
            reader.problem("separator", "the separator cannot contain a dot", hint: "separator => \"_\" (the default)")
        }
        fields = reader.strings("fields").compactMap { reader.fieldPath($0, setting: "fields") }
        nested = reader.bool("nested")
        recursive = reader.bool("recursive")
        tagOnFailure = reader.strings("tag_on_failure")
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
