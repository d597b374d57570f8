public import SluiceCore
import SluiceParsers
import SluiceXML

/// `filter { xml { ... } }`, as logstash-filter-xml 4.3: the source (a string, or a list of one)
/// parsed by libxml2 (recovering what it can, as Nokogiri's default does, unless `parse_options`
/// says otherwise); each XPath expression's results set as texts at its field; with
/// `store_xml` the document as XmlSimple reads it at `target` (always strict, as REXML is). The
/// common options apply when something was set. A source that is not a string, a list of more
/// than one, or a document that does not parse tags the event `_xmlparsefailure`.
public struct XMLFilter: Filter {
    static let failureTag = "_xmlparsefailure"

    let options: XMLFilterOptions

    public init(options: XMLFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let options = self.options
        for i in events.indices {
            switch Self.filter(&events[i], options: options) {
            case .matched: options.common.apply(to: &events[i])
            case .failed: events[i].tag(Self.failureTag)
            case .unchanged: break
            }
        }
    }

    enum Outcome { case matched, failed, unchanged }

    static func filter(_ event: inout Event, options: XMLFilterOptions) -> Outcome {
        let text: String
        switch event[options.source] {
        case nil, .null?: return .unchanged
        case .string(let value)?: text = value
        case .array(let list)?:
            guard list.count == 1, case .string(let value) = list[0] else { return .failed }
            text = value
        default: return .failed
        }
        if !text.contains(where: { !$0.isWhitespace }) { return .unchanged }
        var matched = false
        // Parsed first whatever the settings, as Logstash does (its `if @xpath` holds for the
        // default `{}`): a document the parser options refuse fails even without XPath.
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: text, options: options.parseOptions)
        } catch {
            return .failed
        }
        let strictDocument = options.parseOptions.strict && !options.removeNamespaces ? document : nil
        if !options.xpath.isEmpty {
            if options.removeNamespaces { document.removeNamespaces() }
            for rule in options.xpath {
                guard let results = document.evaluate(rule.expression.render(event), namespaces: options.namespaces), !results.isEmpty else { continue }
                matched = true
                let value: Value = results.count == 1 && !options.mapping.forceArray ? .string(results[0]) : .array(results.map(Value.string))
                try? event.set(rule.destination, to: value)
            }
        }
        if options.storeXML, let target = options.target {
            var strict = options.parseOptions
            strict.strict = true
            guard let parsed = strictDocument ?? (try? XMLDocument(parsing: text, options: strict)) else { return .failed }
            try? event.set(target, to: options.mapping.value(of: parsed.root) ?? .null)
            matched = true
        }
        return matched ? .matched : .unchanged
    }
}
