import SluiceConfig
import SluiceCore

/// `filter { json_encode { source => "payload" target => "payload_text" } }`: a field as JSON
/// text (logstash-filter-json_encode 3.0).
let jsonEncodeFilterSpec = PluginSpec.filter(
    "json_encode", summary: "write a field's value as JSON text",
    options: [
        OptionSpec("source", .fieldReference, required: true, doc: "the field to encode"),
        OptionSpec("target", .fieldReference, doc: "where the text goes (default: the source itself)"),
    ],
    decode: JSONEncodeFilterOptions.init, make: JSONEncodeFilter.init(options:))

/// The json_encode filter's options, decoded.
public struct JSONEncodeFilterOptions: Sendable, Hashable {
    let source: FieldPath
    let target: FieldPath?
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        target = reader.fieldPath("target")
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
    }
}
