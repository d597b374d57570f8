import CLibXML2

/// An XML document parsed by Debian's libxml2: the only code that touches the library's pointers.
/// What the xml filter needs: the element tree as Swift values (`root`), XPath results as text
/// (`evaluate`), and Nokogiri's `remove_namespaces!`.
///
/// Safety: the parser never reads the network (`XML_PARSE_NONET`), never loads a DTD nor
/// substitutes entities from one (neither `XML_PARSE_DTDLOAD` nor `XML_PARSE_NOENT` can be set),
/// and keeps libxml2's limits on entity expansion (no `XML_PARSE_HUGE`). Errors are never printed
/// (`XML_PARSE_NOERROR`, `XML_PARSE_NOWARNING`). A document belongs to one thread; libxml2 parses
/// documents on several threads at once once `xmlInitParser` has run, which `init` ensures.
public final class XMLDocument {
    private let document: xmlDocPtr

    /// Parses `text`. `strict` refuses any malformed document; otherwise libxml2 recovers what it
    /// can (`XML_PARSE_RECOVER`), as Nokogiri's default does, and fails only when nothing is left.
    public init(parsing text: String, options: XMLParseOptions) throws(XMLParseError) {
        XMLDocument.initialize
        var flags = options.flags | Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        if !options.strict { flags |= Int32(XML_PARSE_RECOVER.rawValue) }
        var text = text
        xmlResetLastError()
        let parsed = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, "UTF-8", flags)
            }
        }
        guard let parsed else { throw XMLParseError(message: Self.lastError() ?? "not XML") }
        guard xmlDocGetRootElement(parsed) != nil else {
            xmlFreeDoc(parsed)
            throw XMLParseError(message: "the document has no root element")
        }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }

    private static let initialize: Void = { xmlInitParser() }()

    private static func lastError() -> String? {
        guard let error = xmlGetLastError(), let message = error.pointee.message else { return nil }
        var text = String(cString: message)
        while text.last == "\n" { text.removeLast() }
        return "line \(error.pointee.line): \(text)"
    }

    /// The root element and everything below it.
    public var root: XMLElement {
        Self.element(xmlDocGetRootElement(document))
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var attributes: [(name: String, value: String)] = []
        var namespace = node.pointee.nsDef
        while let ns = namespace {
            let prefix = ns.pointee.prefix.map { "xmlns:" + String(cString: $0) } ?? "xmlns"
            attributes.append((prefix, ns.pointee.href.map { String(cString: $0) } ?? ""))
            namespace = ns.pointee.next
        }
        var attribute = node.pointee.properties
        while let current = attribute {
            var name = current.pointee.name.map { String(cString: $0) } ?? ""
            if let prefix = current.pointee.ns?.pointee.prefix { name = String(cString: prefix) + ":" + name }
            let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
            attributes.append((name, value.map { String(cString: $0) } ?? ""))
            sluice_xml_free(value)
            attribute = current.pointee.next
        }
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(.element(element(current)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                children.append(.text(current.pointee.content.map { String(cString: $0) } ?? ""))
            case XML_ENTITY_REF_NODE:
                let content = xmlNodeGetContent(current)
                children.append(.text(content.map { String(cString: $0) } ?? ""))
                sluice_xml_free(content)
            default:
                break
            }
            child = current.pointee.next
        }
        return XMLElement(name: name(node), attributes: attributes, children: children)
    }

    /// Nokogiri's `remove_namespaces!`: no element or attribute keeps a namespace, and the
    /// declarations go.
    public func removeNamespaces() {
        func clear(_ node: xmlNodePtr) {
            node.pointee.ns = nil
            var attribute = node.pointee.properties
            while let current = attribute {
                current.pointee.ns = nil
                attribute = current.pointee.next
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { clear(current) }
                child = current.pointee.next
            }
        }
        func free(_ node: xmlNodePtr) {
            if let definitions = node.pointee.nsDef {
                xmlFreeNsList(definitions)
                node.pointee.nsDef = nil
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { free(current) }
                child = current.pointee.next
            }
        }
        let root = xmlDocGetRootElement(document)!
        clear(root)
        free(root)
    }

    /// Whether `expression` is XPath libxml2 can compile.
    public static func isValidXPath(_ expression: String) -> Bool {
        initialize
        guard let compiled = xmlXPathCompile(expression) else { return false }
        xmlXPathFreeCompExpr(compiled)
        return true
    }

    /// The results of `expression` as Nokogiri's `to_s` gives them: an element, text or other node
    /// serialized as XML (UTF-8, text escaped), an attribute as its value; a string, number or
    /// boolean result as one text. `namespaces` are registered for the expression; without them,
    /// the root element's declarations are (as Nokogiri does). `nil` when it does not evaluate.
    public func evaluate(_ expression: String, namespaces: [(prefix: String, uri: String)]) -> [String]? {
        guard let context = xmlXPathNewContext(document) else { return nil }
        defer { xmlXPathFreeContext(context) }
        if namespaces.isEmpty {
            var namespace = xmlDocGetRootElement(document)?.pointee.nsDef
            while let ns = namespace {
                let prefix = ns.pointee.prefix.map { String(cString: $0) } ?? "xmlns"
                if let href = ns.pointee.href { _ = xmlXPathRegisterNs(context, prefix, href) }
                namespace = ns.pointee.next
            }
        } else {
            for (prefix, uri) in namespaces { _ = xmlXPathRegisterNs(context, prefix, uri) }
        }
        guard let result = xmlXPathEvalExpression(expression, context) else { return nil }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_NODESET:
            guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
            return (0..<Int(set.pointee.nodeNr)).compactMap { index in
                set.pointee.nodeTab[index].map(serialize)
            }
        case XPATH_STRING:
            return [result.pointee.stringval.map { String(cString: $0) } ?? ""]
        case XPATH_NUMBER:
            return [Self.rubyText(result.pointee.floatval)]
        case XPATH_BOOLEAN:
            return [result.pointee.boolval != 0 ? "true" : "false"]
        default:
            return []
        }
    }

    private func serialize(_ node: xmlNodePtr) -> String {
        if node.pointee.type == XML_ATTRIBUTE_NODE {
            let content = xmlNodeGetContent(node)
            defer { sluice_xml_free(content) }
            return content.map { String(cString: $0) } ?? ""
        }
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        guard let save = xmlSaveToBuffer(buffer, "UTF-8", Int32(XML_SAVE_NO_DECL.rawValue)) else { return "" }
        _ = xmlSaveTree(save, node)
        _ = xmlSaveClose(save)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// A number as Ruby's `Float#to_s` prints the common cases (`2.0`, `0.5`, `NaN`).
    static func rubyText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        var text = value.description
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }
}

/// How a document is parsed: `strict`, and the other libxml2 flags named in `parse_options`.
public struct XMLParseOptions: Sendable, Hashable {
    public var strict: Bool
    public var flags: Int32

    public init(strict: Bool = false, flags: Int32 = 0) {
        self.strict = strict
        self.flags = flags
    }

    /// Nokogiri's option names (`parse_options => "noblanks,nocdata"`, any case, `_` ignored) that
    /// Sluice accepts, with their libxml2 flags. `strict` is no flag; `recover` and `defaultxml`
    /// make libxml2 recover. Those that let a document read files or grow without limit (`noent`,
    /// `dtdload`, `dtdattr`, `dtdvalid`, `xinclude`, `huge`) are refused.
    public static let names: [String: Int32] = [
        "STRICT": 0, "RECOVER": Int32(XML_PARSE_RECOVER.rawValue), "NOERROR": Int32(XML_PARSE_NOERROR.rawValue),
        "NOWARNING": Int32(XML_PARSE_NOWARNING.rawValue), "PEDANTIC": Int32(XML_PARSE_PEDANTIC.rawValue),
        "NOBLANKS": Int32(XML_PARSE_NOBLANKS.rawValue), "NONET": Int32(XML_PARSE_NONET.rawValue),
        "NSCLEAN": Int32(XML_PARSE_NSCLEAN.rawValue), "NOCDATA": Int32(XML_PARSE_NOCDATA.rawValue),
        "COMPACT": Int32(XML_PARSE_COMPACT.rawValue), "NODICT": Int32(XML_PARSE_NODICT.rawValue),
        "NOXINCNODE": Int32(XML_PARSE_NOXINCNODE.rawValue), "NOBASEFIX": Int32(XML_PARSE_NOBASEFIX.rawValue),
        "OLD10": Int32(XML_PARSE_OLD10.rawValue), "BIGLINES": Int32(XML_PARSE_BIG_LINES.rawValue),
        "DEFAULTXML": Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue),
    ]

    /// `parse_options` as logstash-filter-xml reads it: names separated by `,` or `|`; without
    /// the setting, Nokogiri's default (recover); with it, only what it names (so `noerror` alone
    /// is strict). Returns the names it does not know, and those it refuses.
    public static func parse(_ setting: String?) -> (options: XMLParseOptions, unknown: [String], refused: [String]) {
        guard let setting else { return (XMLParseOptions(strict: false), [], []) }
        var flags: Int32 = 0
        var unknown: [String] = []
        var refusedNames: [String] = []
        for part in setting.split(whereSeparator: { $0 == "," || $0 == "|" }) {
            let written = part.trimmingCharacters(in: " \t")
            let name = written.replacingUnderscores().uppercased()
            if name.isEmpty { continue }
            if let flag = names[name] {
                flags |= flag
            } else if refused.contains(name) {
                refusedNames.append(written)
            } else {
                unknown.append(written)
            }
        }
        let recover = flags & Int32(XML_PARSE_RECOVER.rawValue) != 0
        return (XMLParseOptions(strict: !recover, flags: flags & ~Int32(XML_PARSE_RECOVER.rawValue)), unknown, refusedNames)
    }

    /// Nokogiri names Sluice refuses, and why.
    public static let refused: Set<String> = ["NOENT", "DTDLOAD", "DTDATTR", "DTDVALID", "XINCLUDE", "HUGE", "SAX1"]
}

/// Why a document did not parse.
public struct XMLParseError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// An element: its name without prefix (as REXML's `name`), its attributes (namespace
/// declarations first, as `xmlns:p`; prefixed attributes as `p:name`), its children.
public struct XMLElement: Sendable, Hashable {
    public let name: String
    public let attributes: [(name: String, value: String)]
    public let children: [XMLNode]

    public init(name: String, attributes: [(name: String, value: String)], children: [XMLNode]) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.name == rhs.name && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value) && lhs.children == rhs.children
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(children)
    }
}

/// A child of an element: an element, or text (CDATA and entity references as their text).
public indirect enum XMLNode: Sendable, Hashable {
    case element(XMLElement)
    case text(String)
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}
