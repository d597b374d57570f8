import SluiceConfig
import SluiceCore

/// `filter { truncate { length_bytes => 1024 fields => ["message"] } }`: cut long strings to a
/// number of bytes (logstash-filter-truncate 1.0).
let truncateFilterSpec = PluginSpec.filter(
    "truncate", summary: "cut strings longer than length_bytes bytes (at a character boundary)",
    options: [
        OptionSpec("length_bytes", .number, required: true, doc: "the most bytes a string keeps"),
        OptionSpec("fields", .array(of: .fieldReference), default: .array([]), doc: "the fields to cut (default: every field); in lists and objects too"),
    ],
    decode: TruncateFilterOptions.init, make: TruncateFilter.init(options:))

/// The truncate filter's options, decoded.
public struct TruncateFilterOptions: Sendable, Hashable {
    let lengthBytes: Int
    let fields: [FieldPath]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let length = reader.integer("length_bytes")
        if length < 0 { reader.problem("length_bytes", "must be 0 or more") }
        lengthBytes = Int(max(length, 0))
        fields = reader.strings("fields").compactMap { reader.fieldPath($0, setting: "fields") }
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
