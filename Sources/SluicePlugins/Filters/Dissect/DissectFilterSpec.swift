import SluiceConfig
import SluiceCore
import SluiceParsers

/// `filter { dissect { mapping => { "message" => "%{ts} %{+ts} %{host} %{msg}" } } }`: split a field
/// by its delimiters, without regular expressions (logstash-filter-dissect 1.3).
let dissectFilterSpec = PluginSpec.filter(
    "dissect", summary: "split fields into fields by their delimiters (no regular expressions)",
    options: [
        OptionSpec("mapping", .hash, default: .hash([]), doc: "source field => dissect pattern (%{a} %{+a} %{?skip} %{&key} %{pad->})"),
        OptionSpec("convert_datatype", .hash, default: .hash([]), doc: "field => int or float, after dissection"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_dissectfailure")]),
            doc: "tags added when a pattern does not fit its field"),
    ],
    decode: DissectFilterOptions.init, make: DissectFilter.init(options:))

/// The dissect filter's options, decoded: every mapping compiled, conversion types known.
public struct DissectFilterOptions: Sendable, Hashable {
    struct Mapping: Sendable, Hashable {
        let source: FieldPath
        let pattern: DissectPattern
    }

    enum Conversion: String, Sendable, Hashable {
        case int, float
    }

    struct Convert: Sendable, Hashable {
        let name: String
        let path: FieldPath
        let type: Conversion
    }

    let mappings: [Mapping]
    let conversions: [Convert]
    let tagOnFailure: [String]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        var mappings: [Mapping] = []
        for entry in reader.hash("mapping") {
            guard let source = reader.fieldPath(entry.key, setting: "mapping") else { continue }
            guard let text = entry.value.stringValue else {
                reader.problem("mapping", "the dissect pattern of \(entry.key) is not a string")
                continue
            }
            if let pattern = reader.attempt("mapping", hint: "%{a} %{+a} %{?skip} %{&key} %{pad->}", { try DissectPattern(text) }) {
                mappings.append(Mapping(source: source, pattern: pattern))
            }
        }
        self.mappings = mappings
        var conversions: [Convert] = []
        for entry in reader.hash("convert_datatype") {
            guard let path = reader.fieldPath(entry.key, setting: "convert_datatype") else { continue }
            guard let text = entry.value.stringValue, let type = Conversion(rawValue: text) else {
                reader.problem(
                    "convert_datatype", "unknown conversion \"\(Template.text(of: PluginValues.value(of: entry.value)))\" for \(entry.key)",
                    hint: "dissect converts to int or float")
                continue
            }
            conversions.append(Convert(name: entry.key, path: path, type: type))
        }
        self.conversions = conversions
        tagOnFailure = reader.strings("tag_on_failure")
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
