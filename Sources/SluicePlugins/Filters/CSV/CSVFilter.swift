public import SluiceCore
import SluiceParsers

/// `filter { csv { ... } }` with logstash-filter-csv's behaviour: the source's first row is split
/// (`CSVLineParser`); each value is set at its column's name (`columns`, then `column<N>` unless
/// `autogenerate_column_names => false`), under `target`, converted by `convert`; an empty
/// unquoted value is set as null unless `skip_empty_columns`. A row that is not CSV gets
/// `_csvparsefailure` and no field; an empty row the same, or `_csvskippedemptyfield` with
/// `skip_empty_rows`. With `autodetect_column_names` the first row names the columns and is
/// dropped; with `skip_header` a row equal to the names is dropped.
public struct CSVFilter: Filter {
    let options: CSVFilterOptions
    /// Field paths by column name (names repeat from row to row).
    private var paths: [String: FieldPath?] = [:]

    public init(options: CSVFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        var header: [Int] = []
        for i in events.indices where !filter(&events[i]) { header.append(i) }
        for i in header.reversed() { events.remove(at: i) }
    }

    /// False when the event is to be dropped (a header row).
    mutating func filter(_ event: inout Event) -> Bool {
        guard let value = event[options.source], !value.isNull else { return true }
        let text = Template.text(of: value)
        let values: [String?]
        do throws(CSVLineParser.Malformed) {
            guard let row = try options.parser.values(text) else {
                event.tag(options.skipEmptyRows ? "_csvskippedemptyfield" : "_csvparsefailure")
                return true
            }
            values = row
        } catch {
            event.tag("_csvparsefailure")
            return true
        }
        var columns = options.columns
        if options.autodetect && columns.isEmpty {
            let names = values.map { $0 ?? "" }
            if options.detected.offer(names) { return false }
            columns = options.detected.current ?? []
        }
        if options.skipHeader && !columns.isEmpty && values.map({ $0 ?? "" }) == columns { return false }
        var failed = false
        event.reserveFields(values.count)
        for (index, value) in values.enumerated() {
            if options.skipEmptyColumns && (value ?? "").isEmpty { continue }
            let name: String
            if index < columns.count {
                name = columns[index]
            } else if options.autogenerate {
                name = "column\(index + 1)"
            } else {
                continue
            }
            let converted: Value = value.map { text in options.conversions[name]?.apply(text) ?? .string(text) } ?? .null
            if options.target.isEmpty && !name.hasPrefix("[") && !name.isEmpty {
                if (try? event.setField(name, to: converted)) == nil { failed = true }
            } else if let path = path(of: name), (try? event.set(path, to: converted)) != nil {
                continue
            } else {
                failed = true
            }
        }
        if failed {
            event.tag("_csvparsefailure")
        } else {
            options.common.apply(to: &event)
        }
        return true
    }

    /// A column's field: `[target][name]`, or the name as a reference when it is one (`[a][b]`).
    private mutating func path(of name: String) -> FieldPath? {
        if let known = paths[name] { return known }
        if paths.count >= 4096 { paths.removeAll(keepingCapacity: true) }
        let reference = name.hasPrefix("[") ? options.target + name : options.target + "[\(name)]"
        let path = try? FieldPath(parsing: reference)
        paths[name] = path
        return path
    }
}
