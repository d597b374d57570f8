public import SluiceCore
import SluiceParsers

/// `filter { dissect { ... } }` with logstash-filter-dissect's behaviour: each mapping's source
/// field (a missing or null one is left alone) is split by the pattern's delimiters; a text that
/// does not fit gets `tag_on_failure` and no field of that mapping; then `convert_datatype` runs
/// (a missing field tags `_dataconversionnullvalue_<field>_<type>`, a value that cannot be
/// converted `_dataconversionuncoercible_<field>_<type>`); the common options apply when every
/// mapping fitted.
public struct DissectFilter: Filter {
    let options: DissectFilterOptions

    public init(options: DissectFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices { filter(&events[i]) }
    }

    func filter(_ event: inout Event) {
        var failed = false
        for mapping in options.mappings {
            guard let value = event[mapping.source], !value.isNull else { continue }
            let text: String
            switch value {
            case .string(let s): text = s
            case .int, .double, .bool: text = Template.text(of: value)
            default:
                failed = true
                continue
            }
            guard let ranges = mapping.pattern.match(text) else {
                failed = true
                continue
            }
            store(mapping.pattern, ranges, text, into: &event)
        }
        for conversion in options.conversions { convert(conversion, &event) }
        if failed {
            for tag in options.tagOnFailure { event.tag(tag) }
        } else {
            options.common.apply(to: &event)
        }
    }

    /// Sets the fields of one fitted mapping: normal and indirect fields first, appended ones last.
    private func store(_ pattern: DissectPattern, _ ranges: [Range<Int>], _ text: String, into event: inout Event) {
        func value(_ index: Int) -> String { ByteSearch.withBytes(of: text) { ByteSearch.string($0, ranges[index]) } }
        // What indirect fields can name: the values of normal, skipped and appended fields.
        var captured: [String: String] = [:]
        if pattern.hasIndirect {
            for index in ranges.indices {
                let field = pattern.fields[index]
                if field.kind != .indirect && !field.name.isEmpty && captured[field.name] == nil { captured[field.name] = value(index) }
            }
        }
        event.reserveFields(pattern.storeOrder.count)
        for index in pattern.storeOrder {
            let field = pattern.fields[index]
            switch field.kind {
            case .normal:
                guard let path = field.path else { continue }
                if path.root == .data && path.segments.count == 1 && path.segments[0].index == nil {
                    try? event.setField(path.segments[0].key, to: .string(value(index)))
                } else {
                    try? event.set(path, to: .string(value(index)))
                }
            case .append:
                guard let path = field.path else { continue }
                if let existing = event[path], !existing.isNull {
                    let join = field.previous.map { String(decoding: $0, as: UTF8.self) } ?? " "
                    try? event.set(path, to: .string(Template.text(of: existing) + join + value(index)))
                } else {
                    try? event.set(path, to: .string(value(index)))
                }
            case .indirect:
                let key = captured[field.name] ?? (try? FieldPath(parsing: field.name)).flatMap { event[$0] }.map { Template.text(of: $0) }
                guard let key, !key.isEmpty, let path = try? FieldPath(parsing: key) else { continue }
                try? event.set(path, to: .string(value(index)))
            case .skip:
                continue
            }
        }
    }

    private func convert(_ conversion: DissectFilterOptions.Convert, _ event: inout Event) {
        guard let value = event[conversion.path], !value.isNull else {
            event.tag("_dataconversionnullvalue_\(conversion.name)_\(conversion.type.rawValue)")
            return
        }
        let converted: Value?
        switch (conversion.type, value) {
        case (.int, .int), (.float, .double): converted = value
        case (.int, .double(let d)): converted = Int64(exactly: d.rounded(.towardZero)).map(Value.int)
        case (.float, .int(let n)): converted = .double(Double(n))
        case (.int, .string(let s)):
            let trimmed = s.trimmingSpaces()
            converted = Int64(trimmed).map(Value.int) ?? Double(trimmed).flatMap { Int64(exactly: $0.rounded(.towardZero)) }.map(Value.int)
        case (.float, .string(let s)): converted = Double(s.trimmingSpaces()).map(Value.double)
        default: converted = nil
        }
        if let converted {
            try? event.set(conversion.path, to: converted)
        } else {
            event.tag("_dataconversionuncoercible_\(conversion.name)_\(conversion.type.rawValue)")
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
