/// The fields of a JSON object, in insertion order.
///
/// Log events have a handful of keys, so entries live in one array and lookups scan it: one
/// allocation per object and no hashing on the hot path. Past `indexThreshold` keys a hash index
/// is built so that large objects (and hostile input with many keys) stay O(1) per lookup.
public struct OrderedObject: Sendable {
    /// One key and its value. A struct rather than a tuple: arrays of structs get compiler-made
    /// copy and destroy code, where tuples go through the runtime's generic (slow) witnesses.
    public struct Entry: Sendable {
        public var key: String
        public var value: Value

        @inlinable public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline var entries: [Entry]
    @usableFromInline var index: [String: Int]?

    @usableFromInline static let indexThreshold = 24

    public init() {
        entries = []
        index = nil
    }

    public init(minimumCapacity: Int) {
        entries = []
        entries.reserveCapacity(minimumCapacity)
        index = nil
    }

    /// An object of these entries, in this order, whose keys are known to differ (an input making
    /// events of a fixed shape): the array is used as it is, with no lookups and no appends.
    /// Entries with a repeated key break the object (checked in debug builds).
    @inlinable public init(distinctEntries: [Entry]) {
        assert(Set(distinctEntries.map(\.key)).count == distinctEntries.count, "init(distinctEntries:): a key repeats")
        entries = distinctEntries
        index = nil
        if distinctEntries.count > Self.indexThreshold { buildIndex() }
    }

    /// The number of keys.
    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// Keys in insertion order.
    public var keys: [String] { entries.map(\.key) }

    /// The position of `key`, if present.
    /// - Complexity: O(n) below `indexThreshold` keys, O(1) above.
    @inlinable public func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Comparing lengths first skips most string comparisons (keys of a log record differ in length).
        let length = key.utf8.count
        return entries.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i].key.utf8.count == length && buffer[i].key == key { return i }
            return nil
        }
    }

    /// The value for `key`; setting `nil` removes the key, setting a value for an existing key
    /// replaces it in place (its position is kept), a new key is appended.
    @inlinable public subscript(key: String) -> Value? {
        get {
            guard let i = position(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    entries[i].value = newValue
                } else {
                    appendNew(key: key, value: newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Appends a key known not to be present (the JSON reader's path after a duplicate check, an
    /// input building an event's fields): no lookup. Appending a key that is present breaks the
    /// object (checked in debug builds).
    /// The key and value are taken, not copied: a caller's temporaries move in (borrowed, each
    /// cost a retain here and a release there).
    @inlinable public mutating func appendNew(key: consuming String, value: consuming Value) {
        assert(index != nil || !entries.contains { $0.key == key }, "appendNew: \(key) is present")
        if index != nil { index![copy key] = entries.count }
        entries.append(Entry(key: key, value: value))
        if index == nil && entries.count > Self.indexThreshold { buildIndex() }
    }

    @usableFromInline mutating func buildIndex() {
        var built = [String: Int](minimumCapacity: entries.count * 2)
        for (i, entry) in entries.enumerated() { built[entry.key] = i }
        index = built
    }

    /// Removes `key` and returns its value; later keys keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return removeEntry(at: i)
    }

    /// Removes the entry at `position` (from `position(of:)`) and returns its value.
    mutating func removeEntry(at position: Int) -> Value {
        let removed = entries.remove(at: position).value
        if index != nil {
            if entries.count > Self.indexThreshold { buildIndex() } else { index = nil }
        }
        return removed
    }

    /// Calls `body` with a mutable reference to the value for `key`, inserting `defaultValue` first
    /// when the key is missing. Avoids copying nested containers (copy-on-write stays unique).
    @inlinable public mutating func withValue<R, E: Error>(
        forKey key: String, default defaultValue: @autoclosure () -> Value, _ body: (inout Value) throws(E) -> R
    ) throws(E) -> R {
        let i: Int
        if let found = position(of: key) {
            i = found
        } else {
            appendNew(key: key, value: defaultValue())
            i = entries.count - 1
        }
        return try body(&entries[i].value)
    }

    /// Calls `body` with a mutable reference to the value for `key` if it is present.
    @inlinable public mutating func withExistingValue<R, E: Error>(
        forKey key: String, _ body: (inout Value) throws(E) -> R
    ) throws(E) -> R? {
        guard let i = position(of: key) else { return nil }
        return try body(&entries[i].value)
    }

    /// Makes room for `count` entries in all, so that appending them does not reallocate.
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    public mutating func removeAll() {
        entries.removeAll()
        index = nil
    }
}

extension OrderedObject: Sequence {
    /// Iterates `(key, value)` pairs in insertion order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: IndexingIterator<[Entry]>

        @inlinable init(base: IndexingIterator<[Entry]>) { self.base = base }

        @inlinable public mutating func next() -> (key: String, value: Value)? {
            guard let entry = base.next() else { return nil }
            return (entry.key, entry.value)
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// The entries, for code that wants them without tuple copies.
    @inlinable public var entryList: [Entry] { entries }
}

extension OrderedObject: Hashable {
    /// Objects are equal when they hold the same keys with equal values, whatever the order
    /// (JSON semantics; Logstash's own maps are unordered).
    public static func == (lhs: OrderedObject, rhs: OrderedObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.entries {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-entry hashes commutatively.
        var combined = 0
        for entry in entries {
            var h = Hasher()
            h.combine(entry.key)
            h.combine(entry.value)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension OrderedObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements { self[key] = value }
    }
}
