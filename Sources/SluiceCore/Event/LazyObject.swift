/// A JSON object that has been read and checked but whose string values are not yet `String`s.
///
/// The json filter's hot path: a log line's object is merged into its event as members that point
/// into the line's text. A clean string value (no escape, no control byte) stays a byte range of
/// `source` until something reads it; the writer copies it straight back out. Everything else
/// (numbers, booleans, nested values, strings with escapes) is a `Value` from the start.
///
/// Reading a member makes its `Value` (`value(at:)`), exactly what the full parser would have made,
/// so an event holding a `LazyObject` is indistinguishable from one holding the parsed fields
/// (`Event` keeps that promise; tests compare both paths).
public struct LazyObject: Sendable {
    /// A member's value: unread text, or a value made while reading.
    @usableFromInline enum Slot: Sendable {
        /// UTF-8 bytes `start..<start+count` of `source`, known to need no JSON escape.
        case text(start: Int, count: Int)
        case value(Value)
    }

    @usableFromInline struct Member: Sendable {
        @usableFromInline var key: String
        @usableFromInline var slot: Slot
    }

    /// The JSON text the members point into (contiguous UTF-8).
    @usableFromInline let source: String
    /// Members in document order; keys are unique.
    @usableFromInline var members: [Member]

    /// Whether every key is a plain field name (`isPlainKey`): then the whole object can be merged
    /// as it is. Otherwise some keys need a look (they may still be plain).
    public let hasOnlyPlainKeys: Bool

    /// No members (what an event without lazy members holds).
    @inlinable
    init() {
        source = ""
        members = []
        hasOnlyPlainKeys = true
    }

    init(source: String, members: [Member], plainKeys: Bool) {
        self.source = source
        self.members = members
        self.hasOnlyPlainKeys = plainKeys
    }

    /// Whether a key names one top-level field that is not special: not empty, not `tags`, not
    /// starting with `@` (`@timestamp`, `@metadata`, `@version`), no brackets (a field reference).
    public static func isPlainKey(_ key: String) -> Bool {
        if let plain = key.utf8.withContiguousStorageIfAvailable(isPlainKey) { return plain }
        var copy = key
        return copy.withUTF8(isPlainKey)
    }

    /// `isPlainKey` on UTF-8 bytes.
    @inline(__always)
    static func isPlainKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = key.first, first != UInt8(ascii: "@") else { return false }
        if key.count == 4 && first == UInt8(ascii: "t") && key[1] == UInt8(ascii: "a") && key[2] == UInt8(ascii: "g")
            && key[3] == UInt8(ascii: "s")
        {
            return false
        }
        for byte in key where byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") { return false }
        return true
    }

    /// The number of members.
    public var count: Int { members.count }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// The key of member `i` (`0..<count`), in document order.
    public func key(at i: Int) -> String { members[i].key }

    @usableFromInline func position(of key: String) -> Int? {
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i].key.utf8.count == length && buffer[i].key == key { return i }
            return nil
        }
    }

    /// The value of member `i`, made now if it is still text.
    @usableFromInline func value(at i: Int) -> Value {
        switch members[i].slot {
        case .value(let value):
            return value
        case .text(let start, let count):
            return .string(withSourceBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self) })
        }
    }

    /// The value for `key`, if present.
    public func value(forKey key: String) -> Value? {
        position(of: key).map(value(at:))
    }

    /// Removes `key` and returns its value.
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        let value = value(at: i)
        members.remove(at: i)
        return value
    }

    /// Calls `body` with the bytes of `key`'s value when it is unread text; `nil` otherwise.
    @usableFromInline func withText<R>(forKey key: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let i = position(of: key), case .text(let start, let count) = members[i].slot else { return nil }
        return withSourceBytes { body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[start..<start + count]))) }
    }

    @inline(__always)
    func withSourceBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = source.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = source  // same bytes, so the same offsets
        return copy.withUTF8(body)
    }

    /// Appends every member, made into values, to `object` (whose keys must differ from these).
    @usableFromInline func appendMaterialized(to object: inout OrderedObject) {
        object.reserveCapacity(object.count + members.count)
        for i in members.indices { object.appendNew(key: members[i].key, value: value(at: i)) }
    }

    /// Appends `"key":value` pairs as `JSONWriter.appendMembers` would for the made values.
    func appendMembers(to out: inout ByteSink, needsComma: Bool) {
        withSourceBytes { bytes in
            members.withUnsafeBufferPointer { members in
                for i in members.indices {
                    if needsComma || i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONWriter.appendString(members[i].key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    switch members[i].slot {
                    case .text(let start, let count):
                        // Clean by construction: the quoted bytes are exactly what the writer makes.
                        out.reserve(count + 2)
                        out.appendUnchecked(UInt8(ascii: "\""))
                        JSONWriter.copyUnchecked(bytes.baseAddress! + start, count: count, to: &out)
                        out.appendUnchecked(UInt8(ascii: "\""))
                    case .value(let value):
                        JSONWriter.append(value, to: &out)
                    }
                }
            }
        }
    }
}
