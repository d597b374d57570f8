import SluiceCore

/// What logstash-input-syslog does to each line it receives (its `syslog_relay`): the RFC 3164
/// parts into fields (ECS: `[log][syslog][priority]`, `[host][hostname]`, `[process][name]`,
/// `[process][pid]`, `[event][original]`; legacy: `priority`, `logsource`, `program`, `pid`,
/// `timestamp`), the message replaced by the line's message part, `@timestamp` from the line
/// (year-less times take the year as the date filter does), facility and severity with their
/// labels. Beyond Logstash, an RFC 5424 message is read too (`RFC5424Message`). A line that is
/// neither keeps its message, is tagged `_grokparsefailure_sysloginput` and gets priority 13
/// (user-level, notice), as RFC 3164 says.
struct SyslogRelay: Sendable {
    let ecs: Bool
    let field: FieldPath
    let useLabels: Bool
    let facilityLabels: [String]
    let severityLabels: [String]
    let zone: DateZone
    let matchers: [DateMatcher]
    /// With ECS, `[log]` for each priority 0–191 (`[syslog][priority|facility|severity]`, labels
    /// included), made once: an event without `[log]` (nearly all) gets it in one assignment.
    let ecsLogTrees: [Value]

    init(
        ecs: Bool, field: FieldPath, useLabels: Bool, facilityLabels: [String], severityLabels: [String], zone: DateZone,
        matchers: [DateMatcher]
    ) {
        self.ecs = ecs
        self.field = field
        self.useLabels = useLabels
        self.facilityLabels = facilityLabels
        self.severityLabels = severityLabels
        self.zone = zone
        self.matchers = matchers
        var trees: [Value] = []
        if ecs {
            for priority in 0..<192 {
                let (facility, severity) = (priority >> 3, priority & 7)
                var facilityObject: OrderedObject = ["code": .int(Int64(facility))]
                var severityObject: OrderedObject = ["code": .int(Int64(severity))]
                if useLabels, facility < facilityLabels.count { facilityObject["name"] = .string(facilityLabels[facility]) }
                if useLabels, severity < severityLabels.count { severityObject["name"] = .string(severityLabels[severity]) }
                let syslog: OrderedObject = [
                    "priority": .int(Int64(priority)), "facility": .object(facilityObject), "severity": .object(severityObject),
                ]
                trees.append(["syslog": .object(syslog)])
            }
        }
        ecsLogTrees = trees
    }

    static let failureTag = "_grokparsefailure_sysloginput"

    /// The fields the relay sets, parsed once; a class, so that taking them per event is one
    /// reference, not a copy of nineteen paths.
    final class Keys: Sendable {
        let priority, facility, severity, facilityName, severityName: FieldPath
        let original, hostname, processName, processPID: FieldPath
        let timestamp, logsource, program, pid: FieldPath
        /// RFC 5424's parts beyond RFC 3164's.
        let version, procID, msgID, structuredData: FieldPath

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
            version = path(ecs ? "[log][syslog][version]" : "syslog_version")
            procID = path(ecs ? "[log][syslog][procid]" : "pid")
            msgID = path(ecs ? "[log][syslog][msgid]" : "msgid")
            structuredData = path(ecs ? "[log][syslog][structured_data]" : "structured_data")
        }
    }

    var keys: Keys { ecs ? Self.ecsKeys : Self.legacyKeys }
    private static let ecsKeys = Keys(ecs: true)
    private static let legacyKeys = Keys(ecs: false)

    func relay(_ event: inout Event, now: Timestamp) {
        guard case .string(var text)? = event[field] else {
            event.tag(Self.failureTag)
            set(&event, priority: 13)
            return
        }
        // Python's SysLogHandler and some devices end each message with a NUL.
        if text.utf8.last == 0 {
            text = String(text.dropLast())
            try? event.set(field, to: .string(text))
        }
        let keys = self.keys
        if ecs {
            if event.fields["event"] == nil {
                event.fields["event"] = ["original": .string(text)]
            } else {
                try? event.set(keys.original, to: .string(text))
            }
        }
        guard let line = SyslogLine(text) else {
            if let message = RFC5424Message(text) {
                relay(message, into: &event, now: now)
                return
            }
            event.tag(Self.failureTag)
            set(&event, priority: 13)
            return
        }
        try? event.set(field, to: .string(line.message))
        if ecs {
            try? event.set(keys.hostname, to: .string(line.host))
            if let program = line.program {
                let pid = line.pid.flatMap { Int64($0) }
                if event.fields["process"] == nil {
                    var process: OrderedObject = ["name": .string(program)]
                    if let pid { process["pid"] = .int(pid) }
                    event.fields["process"] = .object(process)
                } else {
                    try? event.set(keys.processName, to: .string(program))
                    if let pid { try? event.set(keys.processPID, to: .int(pid)) }
                }
            }
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

    /// An RFC 5424 message's parts into fields: the host, application and process id where RFC
    /// 3164's go (a process id that is not a number in `[log][syslog][procid]`), the version,
    /// message id and structured data under `[log][syslog]` (legacy: `syslog_version`, `msgid`,
    /// `structured_data`), `@timestamp` from the message's own time (kept when it is `-`).
    private func relay(_ message: RFC5424Message, into event: inout Event, now: Timestamp) {
        let keys = self.keys
        try? event.set(field, to: .string(message.message))
        try? event.set(keys.version, to: .int(Int64(message.version)))
        if ecs {
            if let host = message.hostname { try? event.set(keys.hostname, to: .string(host)) }
            if let app = message.appName { try? event.set(keys.processName, to: .string(app)) }
            if let procID = message.procID {
                if let number = Int64(procID) {
                    try? event.set(keys.processPID, to: .int(number))
                } else {
                    try? event.set(keys.procID, to: .string(procID))
                }
            }
        } else {
            if let timestamp = message.timestamp { try? event.set(keys.timestamp, to: .string(timestamp)) }
            if let host = message.hostname { try? event.set(keys.logsource, to: .string(host)) }
            if let app = message.appName { try? event.set(keys.program, to: .string(app)) }
            if let procID = message.procID { try? event.set(keys.pid, to: .string(procID)) }
        }
        if let msgID = message.msgID { try? event.set(keys.msgID, to: .string(msgID)) }
        if let data = message.structuredData { try? event.set(keys.structuredData, to: .object(data)) }
        set(&event, priority: message.priority)
        guard let timestamp = message.timestamp else { return }
        if let instant = matchers.lazy.compactMap({ $0.match(.string(timestamp), zone: zone, now: now) }).first {
            event.timestamp = instant
        } else {
            event.tag("_dateparsefailure")
        }
    }

    /// Priority, facility and severity, and their labels with `use_labels`.
    private func set(_ event: inout Event, priority: Int) {
        if ecs, priority < ecsLogTrees.count, event.fields["log"] == nil {
            event.fields["log"] = ecsLogTrees[priority]
            return
        }
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

/// Applies the relay to every event of a batch on its way to the pipeline; the parsing runs on
/// the worker that takes the batch (`PendingEvents`), so it runs on every worker, not on the
/// listener's one task.
struct SyslogRelayingSink: EventSink {
    let relay: SyslogRelay
    let next: any EventSink

    func send(_ batch: EventBatch) async throws {
        var batch = batch
        let relay = self.relay
        let events = batch.takeEvents()
        let pending = PendingEvents(finishing: events) { events in
            let now = Timestamp.now()
            for i in events.indices { relay.relay(&events[i], now: now) }
        }
        try await next.send(EventBatch(pending: pending, completion: batch.completion, byteCount: batch.byteCount))
    }
}
