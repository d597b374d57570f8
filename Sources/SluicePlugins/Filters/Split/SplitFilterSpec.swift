import SluiceConfig
import SluiceCore

/// `filter { split { field => "message" } }`: one event per line of a text, or per element of a
/// list (logstash-filter-split 3.1).
let splitFilterSpec = PluginSpec.filter(
    "split", summary: "one event per piece of a text (split at terminator) or per element of a list",
    options: [
        OptionSpec("field", .fieldReference, default: .string("message"), doc: "the text or list to split"),
        OptionSpec("terminator", .string, default: .string("\n"), doc: "what separates the pieces of a text (\" \": runs of whitespace, as Ruby's split)"),
        OptionSpec("target", .fieldReference, doc: "where each piece goes (default: field itself)"),
    ],
    decode: SplitFilterOptions.init, make: SplitFilter.init(options:))

/// The split filter's options, decoded.
public struct SplitFilterOptions: Sendable, Hashable {
    let field: FieldPath
    let target: FieldPath?
    let terminator: SplitTerminator
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        field = try reader.fieldPath("field") ?? FieldPath(parsing: "message")
        target = reader.isSet("target") ? reader.fieldPath("target") : nil
        terminator = SplitTerminator(reader.string("terminator"))
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
