import SluiceConfig
import SluiceCore

/// `filter { json { ... } }`: parse a field as JSON (logstash-filter-json 3.2.1).
let jsonFilterSpec = PluginSpec.filter(
    "json", summary: "parse a field's text as JSON into the event",
    options: [
        OptionSpec("source", .fieldReference, required: true, doc: "the field holding the JSON text"),
        OptionSpec("target", .fieldReference, doc: "where to put the parsed value (default: the event's top level)"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_jsonparsefailure")]),
            doc: "tags added when parsing fails"),
        OptionSpec("skip_on_invalid_json", .boolean, default: .boolean(false), doc: "leave invalid JSON alone, untagged"),
        OptionSpec(
            "ecs_compatibility", .oneOf(["disabled", "v1", "v8"]),
            status: .noEffect("the json filter writes the same fields in every layout (Logstash too: it only warns when target is missing)"),
            doc: "field layout"),
    ],
    decode: JSONFilterOptions.init, make: JSONFilter.init(options:))

/// The json filter's options, decoded.
public struct JSONFilterOptions: Sendable, Hashable {
    let source: FieldPath
    let target: FieldPath?
    let tagOnFailure: [String]
    let skipOnInvalidJSON: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        target = reader.fieldPath("target")
        tagOnFailure = reader.strings("tag_on_failure")
        skipOnInvalidJSON = reader.bool("skip_on_invalid_json")
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
    }
}
