/// A JSON-like value held by an event field.
///
/// Integers that fit in `Int64` are `.int`; other JSON numbers are `.double`, or `.bigNumber` when
/// a `Double` cannot hold them faithfully (integers beyond `Int64`, exponents beyond `Double`'s
/// range). `.bigNumber` keeps the number's text exactly as written, so it is written back unchanged.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// A number kept as its literal JSON text (always valid JSON number syntax).
    case bigNumber(String)
    case string(String)
    case array([Value])
    case object(OrderedObject)
    case timestamp(Timestamp)
}

extension Value {
    /// The string payload, if this is a string.
    @inlinable public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object payload, if this is an object.
    @inlinable public var objectValue: OrderedObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, if this is an array.
    @inlinable public var arrayValue: [Value]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Moves the object out, leaving `.null` (nothing else keeps a reference to it, so the caller
    /// can change it in place and put it back); `nil`, and `self` untouched, when not an object.
    @inlinable public mutating func takeObject() -> OrderedObject? {
        guard case .object(let object) = self else { return nil }
        self = .null
        return object
    }

    /// Moves the array out, leaving `.null`; `nil`, and `self` untouched, when not an array.
    @inlinable public mutating func takeArray() -> [Value]? {
        guard case .array(let list) = self else { return nil }
        self = .null
        return list
    }

    /// `true` for `.null`.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the kind of value, for messages ("string", "object", ...).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double, .bigNumber: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .timestamp: "timestamp"
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        var object = OrderedObject(minimumCapacity: elements.count)
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
