import SluiceCore

/// Turns a beat's JSON document into an event the way Logstash's beats input does
/// (../shared/SPEC/lumberjack-v2.md §6.2).
struct BeatsEventMapper {
    let ecs: Bool
    let reader = JSONReader()
    /// The `@metadata` of an event from the connection's peer whose document has none
    /// (`[input][beats][host][ip]`, or `ip_address` without ECS), made once: every event of the
    /// connection shares it (no allocation per event).
    private var peerMetadata: (ip: String, metadata: OrderedObject)?

    init(ecs: Bool) {
        self.ecs = ecs
    }

    /// The codec tag, shared by every event that has no tags of its own.
    static let codecTags = Value.array([.string("beats_input_codec_plain_applied")])

    /// A payload that is not a JSON object keeps its raw text in `message`, tagged
    /// `_jsonparsefailure`: nothing is lost, and the window is not refused (which would make the
    /// client resend the same poison window forever).
    mutating func event(fromJSON payload: UnsafeRawBufferPointer, peerIP: String?, now: Timestamp) -> Event {
        guard let value = try? reader.parse(payload), case .object(let document) = value else {
            var event = Event(message: String(decoding: payload, as: UTF8.self), timestamp: now)
            event.tag("_jsonparsefailure")
            return event
        }
        return event(from: document, peerIP: peerIP, now: now)
    }

    /// A v1 data frame's key/value strings.
    mutating func event(fromPairs pairs: [(String, String)], peerIP: String?, now: Timestamp) -> Event {
        var document = OrderedObject(minimumCapacity: pairs.count)
        for (key, value) in pairs { document[key] = .string(value) }
        return event(from: document, peerIP: peerIP, now: now)
    }

    /// Each event is made once, with its final `@metadata`, and returned from where it is made
    /// (assigned to a shared variable first, it was copied twice: four retains and releases).
    mutating func event(from document: OrderedObject, peerIP: String?, now: Timestamp) -> Event {
        let entries = document.entryList
        let messagePosition = document.position(of: "message") ?? document.position(of: "line")
        if let messagePosition, case .string(let message) = entries[messagePosition].value {
            // The plain codec makes the event from the message; the document's other keys are then
            // set on it. Built in one pass, in that order: `@version`, `message`, `[event][original]`,
            // the document's keys, `tags`. Only `@version` and `event` can already be there.
            let messageValue = Value.string(message)
            var fields = OrderedObject(minimumCapacity: entries.count + 3)
            fields.appendNew(key: "@version", value: .string("1"))
            fields.appendNew(key: "message", value: messageValue)
            if ecs {
                var original = OrderedObject(minimumCapacity: 1)
                original.appendNew(key: "original", value: messageValue)
                fields.appendNew(key: "event", value: .object(original))
            }
            var timestamp = now
            var metadata = OrderedObject()
            var hasTags = false
            for i in entries.indices where i != messagePosition {
                let key = entries[i].key
                switch key {
                case "@timestamp":
                    if let parsed = Event.timestamp(from: entries[i].value) { timestamp = parsed }
                case "@metadata":
                    // A parsed document holds each key once: the beat's metadata is taken whole.
                    if case .object(let incoming) = entries[i].value { metadata = incoming }
                case "@version", "event":
                    if case .object(let incoming) = entries[i].value, case .object(var existing)? = fields[key] {
                        fields[key] = .null  // keep `existing` the only reference while it grows
                        for (key, value) in incoming { existing[key] = value }
                        fields[key] = .object(existing)
                    } else {
                        fields[key] = entries[i].value
                    }
                default:
                    if key == "tags" { hasTags = true }
                    fields.appendNew(key: key, value: entries[i].value)
                }
            }
            if !hasTags { fields.appendNew(key: "tags", value: BeatsEventMapper.codecTags) }
            if let peerIP { addPeer(peerIP, to: &metadata) }
            guard hasTags else { return Event(timestamp: timestamp, fields: consume fields, metadata: consume metadata) }
            var event = Event(timestamp: timestamp, fields: consume fields, metadata: consume metadata)
            event.appendTag("beats_input_codec_plain_applied")
            return event
        }
        var event = Event(constructingFrom: document, now: now)
        event.appendTag("beats_input_raw_event")
        if let peerIP { addPeer(peerIP, to: &event.metadata) }
        return event
    }

    /// The peer's `@metadata` in `metadata`: shared whole when the document brought none.
    private mutating func addPeer(_ ip: String, to metadata: inout OrderedObject) {
        let shared = self.metadata(forPeer: ip)
        if metadata.isEmpty {
            metadata = shared
        } else {
            for (key, value) in shared { metadata[key] = value }
        }
    }

    /// The peer's own `@metadata` (see `peerMetadata`).
    private mutating func metadata(forPeer ip: String) -> OrderedObject {
        if let known = peerMetadata, known.ip == ip { return known.metadata }
        var metadata = OrderedObject()
        if ecs {
            metadata["input"] = ["beats": ["host": ["ip": .string(ip)]]]
        } else {
            metadata["ip_address"] = .string(ip)
        }
        peerMetadata = (ip, metadata)
        return metadata
    }
}
