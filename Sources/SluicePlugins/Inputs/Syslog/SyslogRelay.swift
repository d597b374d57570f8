import SluiceCore

/// What logstash-input-syslog does to each line it receives (its `syslog_relay`): the RFC 3164
/// parts into fields (ECS: `[log][syslog][priority]`, `[host][hostname]`, `[process][name]`,
/// `[process][pid]`, `[event][original]`; legacy: `priority`, `logsource`, `program`, `pid`,
/// `timestamp`), the message replaced by the line's message part, `@timestamp` from the line
/// (year-less times take the year as the date filter does), facility and severity with their
/// labels. A line that is not RFC 3164 keeps its message, is tagged
/// `_grokparsefailure_sysloginput` and gets priority 13 (user-level, notice), as RFC 3164 says.
struct SyslogRelay: Sendable {
    let ecs: Bool
    let field: FieldPath
    let useLabels: Bool
    let facilityLabels: [String]
    let severityLabels: [String]
    let zone: DateZone
    let matchers: [DateMatcher]

    static let failureTag = "_grokparsefailure_sysloginput"

    /// The fields the relay sets, parsed once.
    struct Keys: Sendable {
        let priority, facility, severity, facilityName, severityName: FieldPath
        let original, hostname, processName, processPID: FieldPath
        let timestamp, logsource, program, pid: FieldPath

        init(ecs: Bool) {
            func path(_ text: String) -> FieldPath { try! FieldPath(parsing: text) }
            priority = path(ecs ? "[log][syslog][priority]" : "priority")
            facility = path(ecs ? "[log][syslog][facility][code]" : "facility")
            severity = path(ecs ? "[log][syslog][severity][code]" : "severity")
            facilityName = path(ecs ? "[log][syslog][facility][name]" : "facility_label")
            severityName = path(ecs ? "[log][syslog][severity][name]" : "severity_label")
            original = path("[event][original]")
            hostname = path("[host][hostname]")
            processName = path("[process][name]")
            processPID = path("[process][pid]")
            timestamp = path("timestamp")
            logsource = path("logsource")
            program = path("program")
            pid = path("pid")
        }
    }

    var keys: Keys { ecs ? Self.ecsKeys : Self.legacyKeys }
    private static let ecsKeys = Keys(ecs: true)
    private static let legacyKeys = Keys(ecs: false)

    func relay(_ event: inout Event, now: Timestamp) {
        guard case .string(let text)? = event[field] else {
            event.tag(Self.failureTag)
            set(&event, priority: 13)
            return
        }
        let keys = self.keys
        if ecs { try? event.set(keys.original, to: .string(text)) }
        guard let line = SyslogLine(text) else {
            event.tag(Self.failureTag)
            set(&event, priority: 13)
            return
        }
        try? event.set(field, to: .string(line.message))
        if ecs {
            try? event.set(keys.hostname, to: .string(line.host))
            if let program = line.program { try? event.set(keys.processName, to: .string(program)) }
            if let pid = line.pid, let number = Int64(pid) { try? event.set(keys.processPID, to: .int(number)) }
        } else {
            try? event.set(keys.timestamp, to: .string(line.timestamp))
            try? event.set(keys.logsource, to: .string(line.host))
            if let program = line.program { try? event.set(keys.program, to: .string(program)) }
            if let pid = line.pid { try? event.set(keys.pid, to: .string(pid)) }
        }
        set(&event, priority: line.priority)
        if let instant = matchers.lazy.compactMap({ $0.match(.string(line.timestamp), zone: zone, now: now) }).first {
            event.timestamp = instant
        } else {
            event.tag("_dateparsefailure")
            // Logstash's ECS mode removes `timestamp` after the date filter, parsed or not.
        }
    }

    /// Priority, facility and severity, and their labels with `use_labels`.
    private func set(_ event: inout Event, priority: Int) {
        let keys = self.keys
        let facility = priority >> 3
        let severity = priority & 7
        try? event.set(keys.priority, to: .int(Int64(priority)))
        try? event.set(keys.facility, to: .int(Int64(facility)))
        try? event.set(keys.severity, to: .int(Int64(severity)))
        guard useLabels else { return }
        if facility < facilityLabels.count { try? event.set(keys.facilityName, to: .string(facilityLabels[facility])) }
        if severity < severityLabels.count { try? event.set(keys.severityName, to: .string(severityLabels[severity])) }
    }
}

/// Applies the relay to every event of a batch on its way to the pipeline.
struct SyslogRelayingSink: EventSink {
    let relay: SyslogRelay
    let next: any EventSink

    func send(_ batch: EventBatch) async throws {
        var batch = batch
        let now = Timestamp.now()
        for i in batch.events.indices { relay.relay(&batch.events[i], now: now) }
        try await next.send(batch)
    }
}
