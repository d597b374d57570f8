import SluiceConfig
import SluiceCore

/// `filter { urldecode { field => "url" } }`: percent-decode a field (logstash-filter-urldecode 3.0).
let urlDecodeFilterSpec = PluginSpec.filter(
    "urldecode", summary: "decode %XX escapes in a field (or in every field)",
    options: [
        OptionSpec("field", .fieldReference, default: .string("message"), doc: "the field to decode (strings inside objects and lists too)"),
        OptionSpec("all_fields", .boolean, default: .boolean(false), doc: "decode every top-level field"),
        OptionSpec(
            "charset", .string, default: .string("UTF-8"),
            status: .noEffect("decoded bytes are read as UTF-8 (invalid sequences replaced)"), doc: "the text's character set"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_urldecodefailure")]),
            doc: "tags added when decoding fails"),
    ],
    decode: URLDecodeFilterOptions.init, make: URLDecodeFilter.init(options:))

/// The urldecode filter's options, decoded.
public struct URLDecodeFilterOptions: Sendable, Hashable {
    let field: FieldPath
    let allFields: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let field = reader.fieldPath("field")
        allFields = reader.bool("all_fields")
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.field = field!
    }
}
