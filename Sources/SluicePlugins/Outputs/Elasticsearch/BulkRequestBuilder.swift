import SluiceCore

/// Turns a batch into `_bulk` request bodies: per event an action line and (but for `delete`) the
/// document, every line ending in `\n`, split so that no request exceeds the target size (a single
/// larger action goes alone). Events that cannot be sent (an unresolved or illegal index name, an
/// unknown action) are set aside with the reason instead.
struct BulkRequestBuilder {
    let settings: BulkDocumentSettings
    let targetBytes: Int
    /// The last daily index rendered: (UTC day, name, problem).
    private var dayCache: (day: Int64, name: String, problem: String?)?

    init(settings: BulkDocumentSettings, targetBytes: Int = ElasticsearchSettings.targetBulkBytes) {
        self.settings = settings
        self.targetBytes = targetBytes
    }

    /// A request: the byte range of its body in the sink, and the batch positions of its events.
    struct Request: Sendable {
        var bytes: Range<Int>
        var positions: [Int]
    }

    struct Plan: Sendable {
        var requests: [Request] = []
        var rejections: [Rejection] = []
    }

    /// Appends the bodies for `events` to `sink` and says how they split into requests.
    mutating func build(_ events: [Event], into sink: inout ByteSink) -> Plan {
        var plan = Plan()
        var current = Request(bytes: sink.count..<sink.count, positions: [])
        for (position, original) in events.enumerated() {
            var event = original
            let action: BulkDocumentSettings.Action
            switch settings.action {
            case .fixed(let fixed):
                action = fixed
            case .perEvent(let template):
                guard let resolved = BulkDocumentSettings.Action(rawValue: template.render(event)) else {
                    plan.rejections.append(
                        Rejection(position: position, reason: "action [\(template.render(event))] is not index, create, update or delete"))
                    continue
                }
                action = resolved
            }
            let index: String
            switch settings.target {
            case .index(let template, let daily):
                let (name, problem) = indexName(template, daily: daily, event: event)
                if let problem {
                    plan.rejections.append(Rejection(position: position, reason: problem))
                    continue
                }
                index = name
            case .dataStream(let type, let dataset, let namespace, let autoRouting, let syncFields):
                var parts = (type, dataset, namespace)
                if autoRouting, case .object(let fields)? = event.field("data_stream") {
                    if case .string(let s)? = fields["type"] { parts.0 = s }
                    if case .string(let s)? = fields["dataset"] { parts.1 = s }
                    if case .string(let s)? = fields["namespace"] { parts.2 = s }
                }
                if syncFields {
                    var fields = OrderedObject()
                    fields["type"] = .string(parts.0)
                    fields["dataset"] = .string(parts.1)
                    fields["namespace"] = .string(parts.2)
                    event.fields["data_stream"] = .object(fields)
                }
                index = "\(parts.0)-\(parts.1)-\(parts.2)"
                if let problem = IndexName.problem(index) {
                    plan.rejections.append(Rejection(position: position, reason: problem))
                    continue
                }
            }
            let start = sink.count
            appendAction(action, index: index, event: event, to: &sink)
            let size = sink.count - start
            if !current.positions.isEmpty && current.bytes.count + size > targetBytes {
                current.bytes = current.bytes.lowerBound..<start
                plan.requests.append(current)
                current = Request(bytes: start..<start, positions: [])
            }
            current.bytes = current.bytes.lowerBound..<sink.count
            current.positions.append(position)
        }
        if !current.positions.isEmpty { plan.requests.append(current) }
        return plan
    }

    private mutating func indexName(_ template: Template, daily: Bool, event: Event) -> (String, String?) {
        if daily, let timestamp = event.timestamp {
            let day = timestamp.epochDay
            if let cached = dayCache, cached.day == day { return (cached.name, cached.problem) }
            let name = template.render(event)
            let problem = IndexName.problem(name)
            dayCache = (day, name, problem)
            return (name, problem)
        }
        let name = template.render(event)
        return (name, IndexName.problem(name))
    }

    private func appendAction(_ action: BulkDocumentSettings.Action, index: String, event: Event, to out: inout ByteSink) {
        out.append(literal: "{\"")
        out.append(utf8: action.rawValue)
        out.append(literal: "\":{\"_id\":")
        appendRendered(settings.documentID, event, to: &out)
        out.append(literal: ",\"_index\":")
        JSONWriter.appendString(index, to: &out)
        out.append(literal: ",\"routing\":")
        appendRendered(settings.routing, event, to: &out)
        if let pipeline = settings.pipeline {
            out.append(literal: ",\"pipeline\":")
            appendRendered(pipeline, event, to: &out)
        }
        if let version = settings.version {
            out.append(literal: ",\"version\":")
            appendRendered(version, event, to: &out)
            if let versionType = settings.versionType {
                out.append(literal: ",\"version_type\":")
                JSONWriter.appendString(versionType, to: &out)
            }
        }
        if action == .update {
            out.append(literal: ",\"retry_on_conflict\":")
            JSONWriter.appendDecimal(Int64(settings.retryOnConflict), to: &out)
        }
        out.append(literal: "}}\n")
        switch action {
        case .delete:
            return
        case .update:
            out.append(literal: "{\"doc\":")
            event.appendJSON(to: &out)
            if settings.docAsUpsert {
                out.append(literal: ",\"doc_as_upsert\":true")
            } else if !settings.upsert.isEmpty {
                out.append(literal: ",\"upsert\":")
                out.append(utf8: settings.upsert)
            }
            out.append(literal: "}\n")
        case .index, .create:
            event.appendJSON(to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// A rendered template as a JSON string, or `null` when there is none.
    private func appendRendered(_ template: Template?, _ event: Event, to out: inout ByteSink) {
        guard let template else {
            out.append(literal: "null")
            return
        }
        JSONWriter.appendString(template.render(event), to: &out)
    }
}
