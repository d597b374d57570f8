import SluiceConfig
import SluiceCore
import SluiceParsers
import SluiceXML

/// `filter { xml { source => "message" target => "doc" } }`: XML text to fields, and XPath
/// results (logstash-filter-xml 4.3).
let xmlFilterSpec = PluginSpec.filter(
    "xml", summary: "parse XML into a field (as Ruby's XmlSimple) and set fields from XPath expressions, on libxml2",
    options: [
        OptionSpec("source", .fieldReference, required: true, doc: "the field holding the XML (a list of one string is taken as that string)"),
        OptionSpec("target", .fieldReference, doc: "where the parsed document goes (needed with store_xml)"),
        OptionSpec("xpath", .hash, default: .hash([]), doc: "XPath expression (%{field} allowed) => field: the results' texts as a list there (one result without force_array: the text)"),
        OptionSpec("namespaces", .hash, default: .hash([]), doc: "prefix => URI for the XPath expressions (default: the root element's declarations)"),
        OptionSpec("store_xml", .boolean, default: .boolean(true), doc: "store the whole document at target"),
        OptionSpec("force_array", .boolean, default: .boolean(true), doc: "every child element's value is a list"),
        OptionSpec("force_content", .boolean, default: .boolean(false), doc: "an element's text always goes under content"),
        OptionSpec("remove_namespaces", .boolean, default: .boolean(false), doc: "drop namespaces before the XPath expressions run"),
        OptionSpec("suppress_empty", .boolean, default: .boolean(true), doc: "leave empty elements out"),
        OptionSpec("parse_options", .string, doc: "parser options, comma-separated (strict, recover, noblanks, nocdata, ...); set without recover, a malformed document is refused"),
    ],
    decode: XMLFilterOptions.init, make: XMLFilter.init(options:))

/// The xml filter's options, decoded: the XPath expressions without `%{...}` are compiled once
/// here (one that does not compile is a config error), and the parser options checked.
public struct XMLFilterOptions: Sendable, Hashable {
    struct XPathRule: Sendable, Hashable {
        let expression: Template
        let destination: FieldPath
    }

    let source: FieldPath
    let target: FieldPath?
    let xpath: [XPathRule]
    /// Prefix and URI pairs, in prefix order.
    let namespaces: [(prefix: String, uri: String)]
    let storeXML: Bool
    let mapping: XMLSimpleMapping
    let removeNamespaces: Bool
    let parseOptions: XMLParseOptions
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        target = reader.fieldPath("target")
        storeXML = reader.bool("store_xml")
        if storeXML && target == nil {
            reader.problem("target", "When the :store_xml is true, the :target must be set", hint: "add target => \"doc\", or store_xml => false")
        }
        var rules: [XPathRule] = []
        for entry in reader.hash("xpath") {
            guard case .string(let destination) = entry.value else {
                reader.problem("xpath", "the value for \"\(entry.key)\" must be a field name")
                continue
            }
            if !entry.key.contains("%{") && !XMLDocument.isValidXPath(entry.key) {
                reader.problem("xpath", "\"\(entry.key)\" is not an XPath expression libxml2 compiles", hint: "such as /root/item/text()")
                continue
            }
            guard let template = reader.template(entry.key, setting: "xpath"), let path = reader.fieldPath(destination, setting: "xpath") else { continue }
            rules.append(XPathRule(expression: template, destination: path))
        }
        xpath = rules
        var namespaces: [String: String] = [:]
        for entry in reader.hash("namespaces") {
            if case .string(let uri) = entry.value { namespaces[entry.key] = uri } else { reader.problem("namespaces", "the URI for \"\(entry.key)\" must be a string") }
        }
        self.namespaces = namespaces.sorted { $0.key < $1.key }.map { (prefix: $0.key, uri: $0.value) }
        mapping = XMLSimpleMapping(forceArray: reader.bool("force_array"), forceContent: reader.bool("force_content"), suppressEmpty: reader.bool("suppress_empty"))
        removeNamespaces = reader.bool("remove_namespaces")
        let (parseOptions, unknown, refused) = XMLParseOptions.parse(reader.optionalString("parse_options"))
        for name in unknown {
            reader.problem("parse_options", "unsupported parse option: \"\(name)\"", hint: "strict, recover, noblanks, nocdata, nsclean, pedantic, ...")
        }
        for name in refused {
            reader.problem("parse_options", "\(name) is not supported: it lets a document read files or expand without limit")
        }
        self.parseOptions = parseOptions
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.source == rhs.source && lhs.target == rhs.target && lhs.xpath == rhs.xpath && lhs.namespaces.map(\.prefix) == rhs.namespaces.map(\.prefix) && lhs.namespaces.map(\.uri) == rhs.namespaces.map(\.uri)
            && lhs.storeXML == rhs.storeXML && lhs.mapping == rhs.mapping && lhs.removeNamespaces == rhs.removeNamespaces
            && lhs.parseOptions == rhs.parseOptions && lhs.common == rhs.common
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(target)
    }
}
