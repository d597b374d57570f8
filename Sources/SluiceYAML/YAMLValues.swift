public import SluiceCore
internal import Yams

/// YAML documents as event values (translate dictionaries, `sluice test` files), with Yams:
/// mappings keep their order, scalars are typed by YAML's core schema (timestamps stay text).
public enum YAMLValues {
    /// Why a document is not YAML.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The first document of `text` (`.null` when there is none).
    public static func load(_ text: String) throws(Invalid) -> Value {
        do {
            guard let node = try Yams.compose(yaml: text, Resolver.default.removing(.timestamp)) else { return .null }
            return value(of: node)
        } catch {
            throw Invalid(description: "\(error)")
        }
    }

    static func value(of node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(Value.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map(Value.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = OrderedObject()
            for (key, item) in mapping { object[key.string ?? "\(key)"] = value(of: item) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(value(of:)))
        }
    }
}
