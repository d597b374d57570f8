/// One log record: a map of fields, its `@timestamp`, and `@metadata` that outputs never write.
///
/// `@timestamp` is kept apart from the other fields so it is always a `Timestamp` and costs no
/// lookup; it is written first when the event is serialized. `@version` (`"1"`) and `tags` are
/// ordinary fields, as in Logstash.
///
/// The fields may be held in two parts: `storedFields`, then `lazyPart`, the members of a JSON
/// object merged by the json filter and not yet made into values (see `LazyObject` and
/// `Event+LazyFields.swift`). Together they are `fields`, in that order; their keys never overlap.
/// Field access by path, tags, and JSON writing work on both parts without making values; any
/// other change goes through `fields`, which first makes the lazy members into ordinary fields.
public struct Event: Sendable {
    /// The event time. `nil` only when a config removed it.
    public var timestamp: Timestamp?
    /// The fields that are values (all of them unless `lazyPart` has members).
    @usableFromInline var storedFields: OrderedObject
    /// Members merged from JSON text, after `storedFields`, not yet made into values; none when
    /// it has no members. Not an optional: with a `LazyObject?` here, the compiler copied every
    /// newly made event once more (a retain and a release of each part per event).
    @usableFromInline var lazyPart: LazyObject
    /// `[@metadata]`: readable and writable by reference and templates, never serialized.
    public var metadata: OrderedObject

    /// Every field except `@timestamp` and `@metadata`, in insertion order.
    @inlinable
    public var fields: OrderedObject {
        get {
            guard hasLazyFields else { return storedFields }
            var all = storedFields
            lazyPart.appendMaterialized(to: &all)
            return all
        }
        _modify {
            materializeLazyFields()
            yield &storedFields
        }
        set {
            storedFields = newValue
            lazyPart = LazyObject()
        }
    }

    /// An event with exactly these parts (no defaults added).
    @inlinable
    public init(timestamp: Timestamp?, fields: OrderedObject, metadata: OrderedObject = OrderedObject()) {
        self.timestamp = timestamp
        self.storedFields = fields
        self.lazyPart = LazyObject()
        self.metadata = metadata
    }

    /// A new event holding `message`, stamped `now`, with `@version` `"1"` — what a line-oriented
    /// input makes of one line.
    @inlinable
    public init(message: String, timestamp: Timestamp) {
        // Room for what inputs add (`event`, `log`, `host`) without growing.
        var fields = OrderedObject(minimumCapacity: 6)
        fields.appendNew(key: "@version", value: .string("1"))
        fields.appendNew(key: "message", value: .string(message))
        self.init(timestamp: timestamp, fields: fields)
    }

    /// Builds an event from a map the way Logstash's `Event(Map)` does.
    ///
    /// - `@timestamp`: a `Timestamp` or an ISO8601 string; anything else (or an unparseable string)
    ///   gives `now`, the tag `_timestampparsefailure` and the original value in `_@timestamp`.
    /// - `@metadata`: a map moves into `metadata`.
    /// - `@version`: `"1"` unless given.
    /// - `tags`: must be a string or a list of strings; otherwise it becomes `["_tagsparsefailure"]`
    ///   and the original value moves to `_tags` (as a one-element list).
    public init(constructingFrom object: OrderedObject, now: Timestamp) {
        var fields = object
        var metadata = OrderedObject()
        var timestamp: Timestamp? = now
        var timestampFailed = false
        // One pass finds the special keys; most records have none but `@timestamp`.
        var timestampPosition: Int?
        var metadataPosition: Int?
        var hasVersion = false
        var tagsPosition: Int?
        for (i, entry) in object.entries.enumerated() {
            let key = entry.key
            guard let first = key.utf8.first, first == UInt8(ascii: "@") || first == UInt8(ascii: "t") else { continue }
            switch key {
            case "@timestamp": timestampPosition = i
            case "@metadata": metadataPosition = i
            case "@version": hasVersion = true
            case "tags": tagsPosition = i
            default: break
            }
        }
        if let tagsPosition, !Event.isValidTags(object.entries[tagsPosition].value) {
            let tags = object.entries[tagsPosition].value
            fields.entries[tagsPosition].value = .array([.string(Event.tagsParseFailureTag)])
            fields["_tags"] = .array([tags])
        }
        if let metadataPosition {
            if case .object(let map) = object.entries[metadataPosition].value { metadata = map }
            fields.removeValue(forKey: "@metadata")
        }
        if let timestampPosition {
            let raw = object.entries[timestampPosition].value
            fields.removeValue(forKey: "@timestamp")
            if let parsed = Event.timestamp(from: raw) {
                timestamp = parsed
            } else {
                timestampFailed = true
                fields["_@timestamp"] = raw
            }
        }
        if !hasVersion { fields.appendNew(key: "@version", value: .string("1")) }
        self.init(timestamp: timestamp, fields: fields, metadata: metadata)
        if timestampFailed { appendTag(Event.timestampParseFailureTag) }
    }

    /// The tag added when `@timestamp` cannot be read.
    public static let timestampParseFailureTag = "_timestampparsefailure"
    /// The tag added when `tags` is not a string or a list of strings.
    public static let tagsParseFailureTag = "_tagsparsefailure"

    /// A `Timestamp` from a value that may hold one: a timestamp, or an ISO8601 string.
    public static func timestamp(from value: Value) -> Timestamp? {
        switch value {
        case .timestamp(let t): return t
        case .string(let s): return Timestamp(iso8601: s)
        default: return nil
        }
    }

    static func isValidTags(_ value: Value) -> Bool {
        switch value {
        case .string: return true
        case .array(let list): return list.allSatisfy { $0.stringValue != nil }
        default: return false
        }
    }
}

extension Event: Hashable {
    /// Events are equal when their time, fields and metadata are (however the fields are held).
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.metadata == rhs.metadata && lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(fields)
        hasher.combine(metadata)
    }
}
