/// The lazy part of an event's fields (see `Event` and `LazyObject`).
extension Event {
    /// Merges the members of a JSON object into the fields as the json filter does without a
    /// `target`: a key already present is replaced in place, the others are appended in order.
    /// Members new to the event stay unread text until something reads them.
    ///
    /// - Precondition: no key of `object` is `@timestamp`, `@metadata`, `tags` or a bracketed
    ///   field reference (the caller sets those through `set(_:to:)`).
    public mutating func merge(_ object: consuming LazyObject) {
        materializeLazyFields()
        var object = object
        // The members that replace a stored field, a bit each (a lazy object has at most
        // `JSONParser.lazyMemberLimit` members), found by borrowing both arrays: no key is copied.
        precondition(object.members.count <= 64, "a lazy object has more members than it may")
        var replaced: UInt64 = 0
        if storedFields.index == nil {
            storedFields.entries.withUnsafeBufferPointer { stored in
                object.members.withUnsafeBufferPointer { members in
                    // The stored keys' lengths, taken once (on the stack): most pairs differ there.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: stored.count) { lengths in
                        for s in stored.indices { lengths[s] = stored[s].key.utf8.count }
                        for i in members.indices {
                            let length = members[i].key.utf8.count
                            for s in stored.indices where lengths[s] == length && stored[s].key == members[i].key {
                                replaced |= 1 << UInt64(i)
                                break
                            }
                        }
                    }
                }
            }
        } else {
            for i in object.members.indices where storedFields.position(of: object.members[i].key) != nil { replaced |= 1 << UInt64(i) }
        }
        if replaced != 0 {
            var bits = replaced
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                bits &= bits - 1
                storedFields.entries[storedFields.position(of: object.members[i].key)!].value = object.value(at: i)
            }
            for i in object.members.indices.reversed() where replaced & (1 << UInt64(i)) != 0 { object.members.remove(at: i) }
        }
        if !object.members.isEmpty { lazyPart = object }
    }

    /// The lazy members, when there are some (for tests; the code reads `lazyPart` in place).
    var lazyFields: LazyObject? { hasLazyFields ? lazyPart : nil }

    /// The value of the top-level field `key` (not `@timestamp`), or `nil` when missing.
    @inlinable
    public func field(_ key: String) -> Value? {
        if let value = storedFields[key] { return value }
        return hasLazyFields ? lazyPart.value(forKey: key) : nil
    }

    /// Calls `body` with the UTF-8 bytes of the string at `path` when it is still unread JSON
    /// text (no `String` is made); `nil` when the field is missing, made, or not such a string.
    @inlinable
    public func withUnreadText<R>(at path: FieldPath, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard hasLazyFields, path.root == .data, path.segments.count == 1 else { return nil }
        // Read in place (a copy of the members would cost two retains and releases per event on
        // the date filter's path).
        return lazyPart.withText(forKey: path.segments[0].key, body)
    }

    /// Whether some fields are still lazy members (tested without copying them).
    @inlinable
    var hasLazyFields: Bool {
        !lazyPart.members.isEmpty
    }

    /// Calls `body` with the UTF-8 bytes of the string at `path`, unread JSON text or a string
    /// value, read in place; `nil` when the field is missing or not a string.
    @inlinable
    public func withStringBytes<R>(at path: FieldPath, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        if let unread = withUnreadText(at: path, body) { return unread }
        guard path.root == .data, path.segments.count == 1, !hasLazyFields,
            let position = storedFields.position(of: path.segments[0].key)
        else {
            guard case .string(var text)? = self[path] else { return nil }
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
        return storedFields.entries.withUnsafeBufferPointer { entries -> R? in
            guard case .string(let text) = entries[position].value else { return nil }
            // A native string lends its storage (no copy, no retain); others are copied first.
            if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
            var copy = text
            return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Makes the lazy members ordinary fields, after the stored ones.
    @usableFromInline
    mutating func materializeLazyFields() {
        guard hasLazyFields else { return }
        let lazy = lazyPart
        lazyPart = LazyObject()
        lazy.appendMaterialized(to: &storedFields)
    }

    /// The index of the lazy member a change at `path` touches, when it touches one and nothing else;
    /// otherwise makes the lazy members ordinary fields first if the change could reorder them
    /// (a new top-level key, or a change below a lazy member), and returns `nil`.
    mutating func lazyMemberForChange(at path: FieldPath) -> Int? {
        guard hasLazyFields else { return nil }
        guard let first = path.segments.first else {
            materializeLazyFields()
            return nil
        }
        if storedFields.position(of: first.key) != nil { return nil }
        if path.segments.count == 1, let i = lazyPart.position(of: first.key) { return i }
        materializeLazyFields()
        return nil
    }
}
