import SluiceCore

/// Turns a beat's JSON document into an event the way Logstash's beats input does
/// (../shared/SPEC/lumberjack-v2.md §6.2).
struct BeatsEventMapper {
    let ecs: Bool
    let reader = JSONReader()
    /// `[@metadata][input][beats][host][ip]` for the connection's peer, made once: every event of
    /// the connection shares it (no allocation per event).
    private var peerMetadata: (ip: String, value: Value)?

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

    mutating func event(from document: OrderedObject, peerIP: String?, now: Timestamp) -> Event {
        var document = document
        var event: Event
        let messageKey = document["message"] != nil ? "message" : (document["line"] != nil ? "line" : nil)
        if let messageKey, case .string(let message)? = document.removeValue(forKey: messageKey) {
            // The plain codec makes the event from the message; the document's other keys are then set on it.
            event = Event(message: message, timestamp: now)
            if ecs { event.fields["event"] = ["original": .string(message)] }
            for entry in document.entryList {
                switch entry.key {
                case "@timestamp":
                    if let timestamp = Event.timestamp(from: entry.value) { event.timestamp = timestamp }
                case "@metadata":
                    if case .object(let metadata) = entry.value {
                        for (key, value) in metadata { event.metadata[key] = value }
                    }
                default:
                    if case .object(let incoming) = entry.value, case .object(var existing)? = event.fields[entry.key] {
                        for (key, value) in incoming { existing[key] = value }
                        event.fields[entry.key] = .object(existing)
                    } else {
                        event.fields[entry.key] = entry.value
                    }
                }
            }
            if event.field("tags") == nil {
                event.fields["tags"] = BeatsEventMapper.codecTags
            } else {
                event.appendTag("beats_input_codec_plain_applied")
            }
        } else {
            event = Event(constructingFrom: document, now: now)
            event.appendTag("beats_input_raw_event")
        }
        if let peerIP {
            if ecs {
                if peerMetadata?.ip != peerIP { peerMetadata = (peerIP, ["beats": ["host": ["ip": .string(peerIP)]]]) }
                event.metadata["input"] = peerMetadata!.value
            } else {
                event.metadata["ip_address"] = .string(peerIP)
            }
        }
        return event
    }
}
