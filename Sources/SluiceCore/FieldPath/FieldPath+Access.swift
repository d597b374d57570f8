/// Get, set, remove and test a path inside a map, with Logstash's semantics (`Accessors.java`).
extension FieldPath {
    /// The value at this path below `object`, or `nil` when any step is missing.
    ///
    /// Maps are walked by key, lists by a decimal segment (negative counts from the end); walking
    /// through a scalar, a non-numeric segment on a list or an index out of range gives `nil`.
    @inlinable
    public func value(in object: OrderedObject) -> Value? {
        FieldPath.value(in: object, segments: segments, from: 0)
    }

    // Reads and removals walk `segments[start...]` by index: a slice of the path (`dropFirst`)
    // cost a retain and a release of its array at every step.

    /// The value at `segments[start...]` below `object` (`object` itself when none is left).
    @inlinable
    static func value(in object: OrderedObject, segments: [Segment], from start: Int) -> Value? {
        guard start < segments.count else { return .object(object) }
        guard let top = object[segments[start].key] else { return nil }
        if start + 1 == segments.count { return top }
        return value(below: top, segments: segments, from: start + 1)
    }

    /// The value at `segments[start...]` below `value` (itself when none is left).
    @inlinable
    static func value(below value: Value, segments: [Segment], from start: Int) -> Value? {
        var current = value
        for s in start..<segments.count {
            switch current {
            case .object(let child):
                guard let next = child[segments[s].key] else { return nil }
                current = next
            case .array(let list):
                guard let raw = segments[s].index else { return nil }
                let i = raw < 0 ? raw + list.count : raw
                guard i >= 0, i < list.count else { return nil }
                current = list[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at this path below `object`, creating missing intermediates as maps
    /// (even for numeric segments: on `{}` setting `[a][0]` gives `{"a":{"0":…}}`).
    ///
    /// On an existing list a numeric segment sets that element; one past the end appends; further
    /// pads with nulls. A non-numeric segment on a list is ignored (as in Logstash).
    /// - Throws: `.invalidAccess` when a parent is a scalar or a negative index is out of range.
    public func set(_ newValue: Value, in object: inout OrderedObject) throws(FieldPathError) {
        try FieldPath.set(newValue, in: &object, segments: segments[...], path: self)
    }

    static func set(
        _ newValue: Value, in object: inout OrderedObject, segments: ArraySlice<Segment>, path: FieldPath
    ) throws(FieldPathError) {
        guard let first = segments.first else {
            guard case .object(let replacement) = newValue else {
                throw FieldPathError(.invalidAccess, "Could not set field '\(path)': the root must be a map")
            }
            object = replacement
            return
        }
        let rest = segments.dropFirst()
        if rest.isEmpty {
            object[first.key] = newValue
            return
        }
        try object.withValue(forKey: first.key, default: .object(OrderedObject())) { (child) throws(FieldPathError) in
            try set(newValue, into: &child, segments: rest, path: path)
        }
    }

    static func set(
        _ newValue: Value, into container: inout Value, segments: ArraySlice<Segment>, path: FieldPath
    ) throws(FieldPathError) {
        let segment = segments.first!
        let rest = segments.dropFirst()
        // Moved out of `container` (not copied): the object or list changed below stays uniquely
        // referenced, so it changes in place. (`switch container { case .object(var object):`
        // kept a second reference alive for the whole case, and every change copied the storage.)
        if var object = container.takeObject() {
            defer { container = .object(object) }
            try set(newValue, in: &object, segments: segments, path: path)
        } else if var list = container.takeArray() {
            defer { container = .array(list) }
            guard let raw = segment.index else { return }
            let i = raw < 0 ? raw + list.count : raw
            guard i >= 0 else {
                throw FieldPathError(
                    .invalidAccess, "Could not set field '\(path)': index \(raw) is out of bounds for a list of \(list.count)")
            }
            while list.count < i { list.append(.null) }
            if rest.isEmpty {
                if i < list.count { list[i] = newValue } else { list.append(newValue) }
            } else {
                if i == list.count { list.append(.object(OrderedObject())) }
                try set(newValue, into: &list[i], segments: rest, path: path)
            }
        } else {
            throw FieldPathError(
                .invalidAccess,
                "Could not set field '\(path)': '\(segment.key)' is below a \(container.kindName), not a map or list")
        }
    }

    /// Removes the value at this path below `object` and returns it (a list element: later ones shift).
    @discardableResult
    public func remove(from object: inout OrderedObject) -> Value? {
        FieldPath.remove(from: &object, segments: segments, from: 0)
    }

    /// `remove(from:)` when the first segment's key is known to be at `position` in `object`.
    func remove(from object: inout OrderedObject, firstAt position: Int) -> Value? {
        if segments.count == 1 { return object.removeEntry(at: position) }
        return FieldPath.remove(from: &object.entries[position].value, segments: segments, from: 1)
    }

    /// Removes `segments[start...]` below `object` (all of it when none is left).
    static func remove(from object: inout OrderedObject, segments: [Segment], from start: Int) -> Value? {
        guard start < segments.count else {
            let old = Value.object(object)
            object.removeAll()
            return old
        }
        let key = segments[start].key
        if start + 1 == segments.count { return object.removeValue(forKey: key) }
        return object.withExistingValue(forKey: key) { child in remove(from: &child, segments: segments, from: start + 1) } ?? nil
    }

    static func remove(from container: inout Value, segments: [Segment], from start: Int) -> Value? {
        // Moved out, as in `set`: changed in place below.
        if var object = container.takeObject() {
            defer { container = .object(object) }
            return remove(from: &object, segments: segments, from: start)
        } else if var list = container.takeArray() {
            defer { container = .array(list) }
            guard let raw = segments[start].index else { return nil }
            let i = raw < 0 ? raw + list.count : raw
            guard i >= 0, i < list.count else { return nil }
            if start + 1 == segments.count { return list.remove(at: i) }
            return remove(from: &list[i], segments: segments, from: start + 1)
        }
        return nil
    }

    /// Whether a value (null included) is present at this path below `object`.
    @inlinable
    public func isPresent(in object: OrderedObject) -> Bool {
        value(in: object) != nil
    }
}
