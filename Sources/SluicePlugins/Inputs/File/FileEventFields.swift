import SluiceCore

/// The fields a file input sets on each event, as Logstash 8 does: `[log][file][path]`,
/// `[host][name]` and `[event][original]` with ECS on (`path` and `host` without), `[@metadata]`
/// `path` and `host`, then `type`, `tags` and `add_field`. The values every event of a batch
/// shares are made once (copies share storage).
struct FileEventFields: Sendable {
    let path: String
    let host: String
    let ecs: Bool
    let decoration: InputDecoration

    /// The events of plain lines, each made whole in one pass: its fields appended in their final
    /// order (no lookups), the shared values (`log`, `host`, `@metadata`) made once per batch, and
    /// `message` and `[event][original]` sharing one string.
    func events(fromLines block: LineBlock, now: Timestamp) -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(block.count)
        let shared = Shared(self)
        let ecs = self.ecs
        block.forEachLine { line, cut in
            let message = Value.string(String(decoding: line, as: UTF8.self))
            var fields = OrderedObject(minimumCapacity: 5 + (cut ? 1 : 0))
            fields.appendNew(key: "@version", value: .string("1"))
            fields.appendNew(key: "message", value: message)
            if cut { fields.appendNew(key: "tags", value: .array([.string("_linetoolong")])) }
            if ecs {
                var original = OrderedObject(minimumCapacity: 1)
                original.appendNew(key: "original", value: message)
                fields.appendNew(key: "event", value: .object(original))
                fields.appendNew(key: "log", value: shared.log)
                fields.appendNew(key: "host", value: shared.hostObject)
            } else {
                fields.appendNew(key: "path", value: shared.path)
                fields.appendNew(key: "host", value: shared.host)
            }
            var event = Event(timestamp: now, fields: fields, metadata: shared.metadata)
            if !decoration.isEmpty { decoration.apply(to: &event) }
            events.append(event)
        }
        return events
    }

    /// Sets the fields on events already made (JSON lines).
    func apply(to events: inout [Event]) {
        let shared = Shared(self)
        for i in events.indices {
            if ecs {
                if let message = events[i].field("message") { events[i].fields["event"] = ["original": message] }
                events[i].fields["log"] = shared.log
                events[i].fields["host"] = shared.hostObject
            } else {
                events[i].fields["path"] = shared.path
                events[i].fields["host"] = shared.host
            }
            if events[i].metadata.isEmpty {
                events[i].metadata = shared.metadata
            } else {
                events[i].metadata["path"] = shared.path
                events[i].metadata["host"] = shared.host
            }
            if !decoration.isEmpty { decoration.apply(to: &events[i]) }
        }
    }

    /// The values every event of a batch shares, made once per batch (copies share storage).
    private struct Shared {
        let path: Value
        let host: Value
        /// `[log][file][path]` and `[host][name]` as objects (ECS on; `.null` otherwise).
        let log: Value
        let hostObject: Value
        let metadata: OrderedObject

        init(_ fields: FileEventFields) {
            path = .string(fields.path)
            host = .string(fields.host)
            log = fields.ecs ? ["file": ["path": path]] : .null
            hostObject = fields.ecs ? ["name": host] : .null
            metadata = ["path": path, "host": host]
        }
    }
}
