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
