/// The `tags` field: a list of strings (a lone string is turned into a list when tags are added).
extension Event {
    /// The tags, in order; empty when there are none.
    public var tags: [String] {
        switch storedFields["tags"] {
        case .string(let s): [s]
        case .array(let list): list.compactMap(\.stringValue)
        default: []
        }
    }

    /// Whether a tag satisfies `predicate` (no list is made).
    public func containsTag(where predicate: (String) -> Bool) -> Bool {
        storedFields["tags"].map { Event.tags($0, contain: predicate) } ?? false
    }

    /// Whether a `tags` value (a string or a list of strings) holds a tag satisfying `predicate`.
    static func tags(_ value: Value, contain predicate: (String) -> Bool) -> Bool {
        switch value {
        case .string(let s): predicate(s)
        case .array(let list): list.contains { if case .string(let s) = $0 { predicate(s) } else { false } }
        default: false
        }
    }

    /// Whether the event carries a failure tag (`_jsonparsefailure`, `_dateparsefailure`, ...):
    /// one that starts with `_` and ends with `failure`.
    public var hasFailureTag: Bool { containsTag(where: Event.isFailureTag) }

    static func isFailureTag(_ tag: String) -> Bool {
        tag.utf8.first == UInt8(ascii: "_") && tag.utf8.count >= 8 && tag.utf8.suffix(7).elementsEqual("failure".utf8)
    }

    /// How many of `events` carry a failure tag. One call for the batch: a caller in another module
    /// testing `events[i].hasFailureTag` itself copied every event for the opaque call.
    public static func countFailureTagged(_ events: [Event]) -> Int {
        // Read through the buffer, down to the tags value: `events[i].hasFailureTag` copied
        // the whole event (a retain and release of each part) before looking.
        events.withUnsafeBufferPointer { buffer in
            var count = 0
            for i in buffer.indices {
                guard let t = buffer[i].storedFields.position(of: "tags") else { continue }
                let isFailure = buffer[i].storedFields.entries.withUnsafeBufferPointer { entries in
                    tags(entries[t].value, contain: isFailureTag)
                }
                if isFailure { count += 1 }
            }
            return count
        }
    }

    /// Whether `tag` is among the tags.
    public func hasTag(_ tag: String) -> Bool {
        switch storedFields["tags"] {
        case .string(let s): s == tag
        case .array(let list): list.contains(.string(tag))
        default: false
        }
    }

    /// Adds `tag` unless present (Logstash's `event.tag`, used for failure tags).
    public mutating func tag(_ tag: String) {
        guard !hasTag(tag) else { return }
        appendTag(tag)
    }

    /// Appends `tag` even when present (the `add_tag` option does not de-duplicate).
    public mutating func appendTag(_ tag: String) {
        // Tags are never lazy; a new `tags` key goes after every field, lazy ones made first.
        if storedFields.position(of: "tags") == nil { materializeLazyFields() }
        storedFields.withValue(forKey: "tags", default: .array([])) { value in
            if var list = value.takeArray() {  // moved out: appended in place, not copied
                list.append(.string(tag))
                value = .array(list)
            } else if case .string(let existing) = value {
                value = .array([.string(existing), .string(tag)])
            } else {
                value = .array([.string(tag)])
            }
        }
    }

    /// Removes every occurrence of `tag`; the result is written back as a list (maybe empty).
    public mutating func removeTag(_ tag: String) {
        guard let current = storedFields["tags"] else { return }
        let kept: [Value]
        switch current {
        case .string(let s): kept = s == tag ? [] : [current]
        case .array(let list): kept = list.filter { $0 != .string(tag) }
        default: return
        }
        storedFields["tags"] = .array(kept)
    }
}
