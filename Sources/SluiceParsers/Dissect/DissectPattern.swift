public import SluiceCore

/// A dissect mapping (`%{a} %{+a} %{?skip} [%{&key}]`) compiled once: the literal text before the
/// first field, and each field with the delimiter after it (logstash-filter-dissect 1.3).
///
/// Field notation: `%{name}` normal; `%{}` or `%{?name}` skipped (a named skip can still be the key
/// of an indirect field); `%{+name}` and `%{+name/N}` appended (in `N` order, then written order,
/// after the normal fields, joined with the delimiter before the field, or a space); `%{&name}`
/// indirect (stored under the value captured by `name`, or the event's `name` field); a `->`
/// suffix skips repeats of the delimiter after the field. `name` may be a field reference.
public struct DissectPattern: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case normal
        case skip
        case append(ordinal: Int)
        case indirect
    }

    public struct Field: Sendable, Hashable {
        public var kind: Kind
        /// The key as written (without its prefix, `/N` and `->`); may be empty for `%{}`.
        public var name: String
        /// Where a normal, appended or indirect-by-name field is stored.
        public var path: FieldPath?
        /// Bytes between this field and the next (empty for the last field when the mapping ends with it).
        public var delimiter: [UInt8]
        /// Bytes between the previous field and this one (the join of an appended value).
        public var previous: [UInt8]?
        /// `->`: repeats of `delimiter` after the value are skipped.
        public var skipsRepeats: Bool
    }

    /// A mapping that cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Literal bytes the text must start with.
    public let prefix: [UInt8]
    public let fields: [Field]
    /// The order values are stored in: normal and indirect fields in written order, then appended
    /// ones by ordinal (then written order).
    public let storeOrder: [Int]
    /// Whether any field is indirect (only then are captured values looked up by name).
    public let hasIndirect: Bool

    public init(_ mapping: String) throws {
        guard !mapping.isEmpty else { throw Invalid(description: "the mapping is empty") }
        let bytes = Array(mapping.utf8)
        var i = 0
        var literal: [UInt8] = []
        var prefix: [UInt8]?
        var fields: [Field] = []
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{"),
                let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}"))
            {
                if prefix == nil {
                    prefix = literal
                } else {
                    fields[fields.count - 1].delimiter = literal
                }
                let key = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                var field = try DissectPattern.field(key)
                field.previous = fields.isEmpty ? nil : literal
                fields.append(field)
                literal = []
                i = close + 1
            } else {
                literal.append(bytes[i])
                i += 1
            }
        }
        if fields.isEmpty { throw Invalid(description: "the mapping \"\(mapping)\" has no %{field}") }
        fields[fields.count - 1].delimiter = literal
        self.prefix = prefix ?? []
        self.fields = fields
        let stored = fields.indices.filter { if case .skip = fields[$0].kind { false } else { true } }
        func rank(_ index: Int) -> Int {
            if case .append(let ordinal) = fields[index].kind { return 1 + ordinal }
            return 0
        }
        storeOrder = stored.sorted { (rank($0), $0) < (rank($1), $1) }
        hasIndirect = fields.contains { $0.kind == .indirect }
    }

    public static func field(_ key: String) throws -> Field {
        var text = Substring(key)
        var skipsRepeats = false
        if text.hasSuffix("->") {
            skipsRepeats = true
            text = text.dropLast(2)
        }
        let kind: Kind
        if text.hasPrefix("+&") || text.hasPrefix("&+") {
            throw Invalid(description: "Field cannot prefix with both Append and Indirect Prefix (\(text.prefix(2))): \(key)")
        }
        if text.isEmpty || text.hasPrefix("?") {
            kind = .skip
            text = text.dropFirst(text.isEmpty ? 0 : 1)
        } else if text.hasPrefix("+") {
            text = text.dropFirst()
            var ordinal = 0
            if let slash = text.lastIndex(of: "/") {
                guard let number = Int(text[text.index(after: slash)...]) else {
                    throw Invalid(description: "the append order of %{\(key)} is not a number")
                }
                ordinal = number
                text = text[..<slash]
            }
            if text.isEmpty { throw Invalid(description: "Field cannot be a prefix and a suffix without a name section: %{\(key)}") }
            kind = .append(ordinal: ordinal)
        } else if text.hasPrefix("&") {
            text = text.dropFirst()
            if text.isEmpty { throw Invalid(description: "Field cannot be a prefix on its own without further text: %{\(key)}") }
            kind = .indirect
        } else {
            kind = .normal
        }
        let name = String(text)
        var path: FieldPath?
        switch kind {
        case .normal, .append:
            do {
                path = try FieldPath(parsing: name)
            } catch {
                throw Invalid(description: "%{\(key)}: \(error.message)")
            }
        case .skip, .indirect:
            path = nil
        }
        return Field(kind: kind, name: name, path: path, delimiter: [], previous: nil, skipsRepeats: skipsRepeats)
    }

    /// Where each field's value lies in `text` (byte ranges, by field), or `nil` when the text
    /// does not have the mapping's shape.
    /// - Complexity: O(n × d) for n bytes and a delimiter of d bytes (d is a few bytes).
    public func match(_ text: String) -> [Range<Int>]? { ByteSearch.withBytes(of: text) { match(bytes: $0) } }

    private func match(bytes text: UnsafeRawBufferPointer) -> [Range<Int>]? {
        let count = text.count
        guard count > 0, count >= prefix.count else { return nil }
        guard ByteSearch.hasPrefix(prefix, in: text, at: 0) else { return nil }
        var position = prefix.count
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        for index in fields.indices {
            let field = fields[index]
            let delimiter = field.delimiter
            if delimiter.isEmpty {
                // Only the last field may end without a delimiter: it takes the rest.
                guard index == fields.count - 1 else { return nil }
                ranges.append(position..<count)
                return ranges
            }
            guard let found = ByteSearch.firstIndex(of: delimiter, in: text, from: position) else { return nil }
            ranges.append(position..<found)
            position = found + delimiter.count
            if field.skipsRepeats {
                while ByteSearch.hasPrefix(delimiter, in: text, at: position) { position += delimiter.count }
            }
        }
        return ranges
    }
}
