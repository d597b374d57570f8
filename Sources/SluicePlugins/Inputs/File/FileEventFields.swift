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
        let path = Value.string(self.path)
        let host = Value.string(self.host)
        let log: Value = ["file": ["path": path]]
        let hostObject: Value = ["name": host]
        let metadata: OrderedObject = ["path": path, "host": host]
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
                fields.appendNew(key: "log", value: log)
                fields.appendNew(key: "host", value: hostObject)
            } else {
                fields.appendNew(key: "path", value: path)
                fields.appendNew(key: "host", value: host)
            }
            var event = Event(timestamp: now, fields: fields, metadata: metadata)
            if !decoration.isEmpty { decoration.apply(to: &event) }
            events.append(event)
        }
        return events
    }

    /// Sets the fields on events already made (JSON lines).
    func apply(to events: inout [Event]) {
        let path = Value.string(self.path)
        let host = Value.string(self.host)
        let log: Value = ecs ? ["file": ["path": path]] : .null
        let hostObject: Value = ecs ? ["name": host] : .null
        let metadata: OrderedObject = ["path": path, "host": host]
        for i in events.indices {
            if ecs {
                if let message = events[i].field("message") { events[i].fields["event"] = ["original": message] }
                events[i].fields["log"] = log
                events[i].fields["host"] = hostObject
            } else {
                events[i].fields["path"] = path
                events[i].fields["host"] = host
            }
            if events[i].metadata.isEmpty {
                events[i].metadata = metadata
            } else {
                events[i].metadata["path"] = path
                events[i].metadata["host"] = host
            }
            if !decoration.isEmpty { decoration.apply(to: &events[i]) }
        }
    }
}
