/// Field access by `FieldPath`, routing `@timestamp`, `[@metadata]` and `tags` as Logstash does.
extension Event {
    /// The value at `path`, or `nil` when missing. `[@metadata]` alone is always present.
    @inlinable
    public subscript(path: FieldPath) -> Value? {
        switch path.root {
        case .metadata:
            return FieldPath.value(in: metadata, segments: path.segments, from: 0)
        case .data:
            if path.segments.count == 1 && path.segments[0].key == "@timestamp" {
                return timestamp.map(Value.timestamp)
            }
            if hasLazyFields, let first = path.segments.first, storedFields.position(of: first.key) == nil {
                guard let top = lazyPart.value(forKey: first.key) else { return nil }
                return FieldPath.value(below: top, segments: path.segments, from: 1)
            }
            if path.segments.isEmpty { return .object(fields) }
            return path.value(in: storedFields)
        }
    }

    /// Whether `path` holds a value (null counts as present).
    @inlinable
    public func includes(_ path: FieldPath) -> Bool { self[path] != nil }

    /// Sets `path` to `value`.
    /// - Throws: `FieldPathError` when Logstash would refuse: a child of a scalar, a `@timestamp`
    ///   that is not a timestamp (or an ISO8601 string), `tags` that are not strings.
    public mutating func set(_ path: FieldPath, to value: Value) throws(FieldPathError) {
        switch path.root {
        case .metadata:
            try FieldPath.set(value, in: &metadata, segments: path.segments[...], path: path)
        case .data:
            if path.isTimestamp {
                guard let parsed = Event.timestamp(from: value) else {
                    throw FieldPathError(.invalidAccess, "Could not set @timestamp to a \(value.kindName)")
                }
                timestamp = parsed
                return
            }
            if path.isTags {
                let acceptable: Bool
                if path.segments.count == 1 {
                    acceptable = Event.isValidTags(value)
                } else {
                    acceptable = path.segments.count == 2 && path.segments[1].index != nil && value.stringValue != nil
                }
                guard acceptable else {
                    throw FieldPathError(.invalidAccess, "Could not set '\(path)': tags must be a string or a list of strings")
                }
            }
            if let i = lazyMemberForChange(at: path) {
                lazyPart.members[i].slot = .value(value)
                return
            }
            try path.set(value, in: &storedFields)
        }
    }

    /// Makes room for `count` more top-level fields, so that setting them does not reallocate.
    public mutating func reserveFields(_ count: Int) {
        storedFields.reserveCapacity(storedFields.count + count)
    }

    /// Sets the top-level field named `key` (a name, not a reference: no brackets are read), as
    /// `set([key], to:)` does, without parsing or walking a path: the path of filters that set
    /// many plain fields per event (kv, dissect).
    public mutating func setField(_ key: String, to value: Value) throws(FieldPathError) {
        if hasLazyFields || key.utf8.first == UInt8(ascii: "@") || key == "tags" {
            try set(FieldPath(root: key == "@metadata" ? .metadata : .data, segments: key == "@metadata" ? [] : [FieldPath.Segment(key)], text: key), to: value)
            return
        }
        storedFields[key] = value
    }

    /// Removes the value at `path` and returns it. Removing `[@metadata]` empties it.
    @discardableResult
    public mutating func remove(_ path: FieldPath) -> Value? {
        switch path.root {
        case .metadata:
            return FieldPath.remove(from: &metadata, segments: path.segments, from: 0)
        case .data:
            if path.isTimestamp {
                defer { timestamp = nil }
                return timestamp.map(Value.timestamp)
            }
            guard let first = path.segments.first else {
                materializeLazyFields()
                return path.remove(from: &storedFields)
            }
            // One lookup of the first key: in the stored fields, else among the lazy members.
            if let position = storedFields.position(of: first.key) { return path.remove(from: &storedFields, firstAt: position) }
            guard hasLazyFields, let i = lazyPart.position(of: first.key) else { return nil }  // not a field at all
            if path.segments.count == 1 {
                let removed = lazyPart.value(at: i)
                lazyPart.members.remove(at: i)
                if lazyPart.members.isEmpty { lazyPart = LazyObject() }
                return removed
            }
            // Below a lazy member: made an ordinary field first (fields keep their order).
            materializeLazyFields()
            return path.remove(from: &storedFields)
        }
    }
}
