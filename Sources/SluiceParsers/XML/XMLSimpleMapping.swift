public import SluiceCore
public import SluiceXML

/// An element tree as the xml filter stores it: Ruby's XmlSimple (`xml_in` without `KeepRoot`,
/// `KeyAttr` empty), which logstash-filter-xml uses. The root's content is the result: attributes
/// as strings; child elements by name (a list each with `ForceArray`, the default); text of an
/// element with attributes (or with `ForceContent`) under `content`; mixed text beside elements
/// under `content` too; blank text ignored; an empty element `{}`, or left out with
/// `SuppressEmpty`.
public struct XMLSimpleMapping: Sendable, Hashable {
    public var forceArray: Bool
    public var forceContent: Bool
    public var suppressEmpty: Bool

    static let contentKey = "content"

    public init(forceArray: Bool = true, forceContent: Bool = false, suppressEmpty: Bool = false) {
        self.forceArray = forceArray
        self.forceContent = forceContent
        self.suppressEmpty = suppressEmpty
    }

    /// The value of `root` (`nil`: suppressed as empty).
    public func value(of root: XMLElement) -> Value? {
        collapse(root)
    }

    private func collapse(_ element: XMLElement) -> Value? {
        var result = OrderedObject()
        for attribute in element.attributes { set(&result, attribute.name, .string(attribute.value)) }
        let hasElements = element.children.contains { if case .element = $0 { true } else { false } }
        let texts = element.children.compactMap { node -> String? in if case .text(let text) = node { text } else { nil } }
        if hasElements {
            for case .element(let child) in element.children {
                let value = collapse(child)
                if Self.isEmpty(value) && element.attributes.isEmpty && suppressEmpty { continue }
                merge(&result, child.name, value ?? .null)
            }
            if !texts.isEmpty, texts.joined().contains(where: { !$0.isWhitespace }) {
                set(&result, Self.contentKey, texts.count == 1 ? .string(texts[0]) : .array(texts.map(Value.string)))
            }
        } else if !texts.isEmpty {
            return collapseText(result, element, texts.joined())
        }
        // XmlSimple's "anonymous array" unwrapping, for an element whose only list is `anon`.
        let lists = result.filter { if case .array = $0.value { true } else { false } }.count
        if lists == 1, case .array(let anonymous)? = result["anon"] { return .array(anonymous) }
        if result.isEmpty && suppressEmpty { return nil }
        return .object(result)
    }

    private func collapseText(_ attributes: OrderedObject, _ element: XMLElement, _ text: String) -> Value {
        var result = attributes
        if Self.isEmpty(.string(text)) && element.attributes.isEmpty { return .object(OrderedObject()) }
        if !element.attributes.isEmpty || forceContent {
            merge(&result, Self.contentKey, .string(text))
            return .object(result)
        }
        return .string(text)
    }

    /// XmlSimple's `merge`: a second value under a key makes a list; a list value is wrapped;
    /// with `ForceArray` every element value is a list (never `content`).
    private func merge(_ object: inout OrderedObject, _ key: String, _ value: Value) {
        if let existing = object[key] {
            if case .array(var list) = existing {
                list.append(value)
                set(&object, key, .array(list))
            } else {
                set(&object, key, .array([existing, value]))
            }
        } else if case .array = value {
            set(&object, key, .array([value]))
        } else {
            set(&object, key, forceArray && key != Self.contentKey ? .array([value]) : value)
        }
    }

    private func set(_ object: inout OrderedObject, _ key: String, _ value: Value) {
        object.withValue(forKey: key, default: .null) { $0 = value }
    }

    /// XmlSimple's `empty`: no value, an empty map, or a string without a non-blank character.
    static func isEmpty(_ value: Value?) -> Bool {
        switch value {
        case nil, .null?: true
        case .object(let object)?: object.isEmpty
        case .string(let text)?: !text.contains { !$0.isWhitespace }
        default: false
        }
    }
}
