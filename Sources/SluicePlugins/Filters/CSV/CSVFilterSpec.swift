import SluiceConfig
import SluiceCore
import SluiceParsers

/// `filter { csv { columns => ["a", "b"] separator => ";" } }`: a delimited row into fields
/// (logstash-filter-csv 3.1).
let csvFilterSpec = PluginSpec.filter(
    "csv", summary: "parse a delimited row (CSV, TSV, ...) into fields",
    options: [
        OptionSpec("source", .fieldReference, default: .string("message"), doc: "the field holding the row"),
        OptionSpec("target", .string, doc: "put the columns under this field"),
        OptionSpec("columns", .array(of: .string), default: .array([]), doc: "column names, in order (more values: column<N>)"),
        OptionSpec("separator", .string, default: .string(","), doc: "between columns (a real tab for TSV, not \\t)"),
        OptionSpec("quote_char", .string, default: .string("\""), doc: "encloses a column holding the separator (\"\\x00\": none)"),
        OptionSpec("autogenerate_column_names", .boolean, default: .boolean(true), doc: "name columns beyond `columns` column<N>"),
        OptionSpec("autodetect_column_names", .boolean, default: .boolean(false), doc: "the first row seen names the columns (and is dropped)"),
        OptionSpec("skip_header", .boolean, default: .boolean(false), doc: "drop rows equal to the column names"),
        OptionSpec("skip_empty_columns", .boolean, default: .boolean(false), doc: "do not set columns with no value"),
        OptionSpec("skip_empty_rows", .boolean, default: .boolean(false), doc: "tag an empty row _csvskippedemptyfield (not _csvparsefailure)"),
        OptionSpec("convert", .hash, default: .hash([]), doc: "column => integer, float, date, date_time or boolean"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "accepted; csv's fields do not depend on it"),
    ],
    decode: CSVFilterOptions.init, make: CSVFilter.init(options:))

/// The csv filter's options, decoded: the parser made, column paths and conversions resolved.
public struct CSVFilterOptions: Sendable, Hashable {
    let source: FieldPath
    /// The target's path text (`[t]`), or "" for the event's root.
    let target: String
    let parser: CSVLineParser
    let columns: [String]
    let autogenerate: Bool
    let autodetect: Bool
    let skipHeader: Bool
    let skipEmptyColumns: Bool
    let skipEmptyRows: Bool
    let conversions: [String: CSVConversion]
    /// The column names the first row gave (`autodetect_column_names`), shared by the workers.
    let detected: CSVDetectedColumns
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        var target = ""
        if let text = reader.optionalString("target") {
            target = text.hasPrefix("[") ? text : "[\(text)]"
            _ = reader.fieldPath(target, setting: "target")
        }
        self.target = target
        let separator = Array(reader.string("separator").utf8)
        if separator.isEmpty { reader.problem("separator", "must be a non-empty string", hint: "separator => \",\"") }
        let quoteText = reader.string("quote_char")
        var quote: UInt8?
        switch quoteText {
        case "\u{0}", "\\x00": quote = nil
        default:
            let bytes = Array(quoteText.utf8)
            if bytes.count == 1 {
                quote = bytes[0]
                if separator.contains(bytes[0]) { reader.problem("quote_char", "the quote character is part of the separator") }
            } else {
                reader.problem("quote_char", "must be one character", hint: "quote_char => \"'\"; \"\\x00\" for none")
            }
        }
        parser = CSVLineParser(separator: separator.isEmpty ? [UInt8(ascii: ",")] : separator, quote: quote)
        columns = reader.strings("columns")
        for column in columns where column.hasPrefix("[") { _ = reader.fieldPath(target + column, setting: "columns") }
        autogenerate = reader.bool("autogenerate_column_names")
        autodetect = reader.bool("autodetect_column_names")
        skipHeader = reader.bool("skip_header")
        skipEmptyColumns = reader.bool("skip_empty_columns")
        skipEmptyRows = reader.bool("skip_empty_rows")
        if autodetect && !columns.isEmpty {
            reader.warning("autodetect_column_names", "columns are given, so no names are detected")
        }
        var conversions: [String: CSVConversion] = [:]
        for entry in reader.hash("convert") {
            guard let name = entry.value.stringValue, let conversion = CSVConversion(rawValue: name) else {
                reader.problem(
                    "convert", "unknown conversion \"\(Template.text(of: PluginValues.value(of: entry.value)))\" for \(entry.key)",
                    hint: "csv converts to integer, float, date, date_time or boolean")
                continue
            }
            conversions[entry.key] = conversion
        }
        self.conversions = conversions
        detected = CSVDetectedColumns()
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
    }
}

/// Column names found in the first row by `autodetect_column_names`: one per filter stage, read
/// and set by every worker (Logstash keeps them per plugin instance and asks for one worker).
final class CSVDetectedColumns: Sendable, Hashable {
    private let names = Locked<[String]?>(nil)

    /// The names, or `nil` before the first row.
    var current: [String]? { names.withLock { $0 } }

    /// Takes `row` as the names unless a row came first; true when it was taken.
    func offer(_ row: [String]) -> Bool {
        names.withLock { names in
            if names != nil { return false }
            names = row
            return true
        }
    }

    // Shared state, not a setting: two decodes of the same options are the same options.
    static func == (lhs: CSVDetectedColumns, rhs: CSVDetectedColumns) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
