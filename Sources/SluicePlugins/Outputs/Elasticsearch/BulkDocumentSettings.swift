import SluiceConfig
import SluiceCore

/// What the output writes for each event: the bulk action and its metadata (index, id, routing,
/// pipeline), as Logstash's elasticsearch output decides them (SPEC §8.2).
struct BulkDocumentSettings: Sendable, Hashable {
    enum Action: String, Sendable, Hashable, CaseIterable {
        case index, create, update, delete
    }

    enum ActionSource: Sendable, Hashable {
        case fixed(Action)
        case perEvent(Template)
    }

    enum Target: Sendable, Hashable {
        /// Plain (daily) indices from the `index` template.
        case index(Template, daily: Bool)
        /// `<type>-<dataset>-<namespace>`, routed from the event's `data_stream.*` fields when asked.
        case dataStream(type: String, dataset: String, namespace: String, autoRouting: Bool, syncFields: Bool)
    }

    var action: ActionSource
    var target: Target
    var documentID: Template?
    var routing: Template?
    var pipeline: Template?
    var version: Template?
    var versionType: String?
    var docAsUpsert: Bool
    /// `upsert` as compact JSON text (empty: none).
    var upsert: String
    var retryOnConflict: Int

    /// Options that make `data_stream => auto` mean plain indices (and are errors with `true`).
    static let indexModeOptions = [
        "index", "document_id", "document_type", "doc_as_upsert", "upsert", "version", "version_type", "template",
        "template_name", "template_overwrite", "ilm_enabled", "ilm_rollover_alias", "ilm_pattern", "ilm_policy",
    ]

    init(_ options: OptionReader) throws {
        let ecs = (options.optionalString("ecs_compatibility") ?? options.context.ecsCompatibility) != "disabled"
        let indexModeSet = BulkDocumentSettings.indexModeOptions.filter { options.isSet($0) }
        let actionText = options.string("action")
        let dataStream: Bool
        switch options.string("data_stream") {
        case "true":
            if let first = indexModeSet.first {
                throw ElasticsearchSettings.Invalid(first, "\(first) cannot be used with data_stream => true")
            }
            dataStream = true
        case "false":
            dataStream = false
        default:
            dataStream = ecs && indexModeSet.isEmpty && (actionText == "create" || !options.isSet("action"))
        }
        if dataStream {
            action = .fixed(.create)
            target = .dataStream(
                type: options.string("data_stream_type"), dataset: options.string("data_stream_dataset"),
                namespace: options.string("data_stream_namespace"), autoRouting: options.bool("data_stream_auto_routing"),
                syncFields: options.bool("data_stream_sync_fields"))
        } else {
            let template = try Template(options.optionalString("index") ?? (ecs ? "ecs-logstash-%{+yyyy.MM.dd}" : "logstash-%{+yyyy.MM.dd}"))
            target = .index(template, daily: template.dependsOnlyOnDay)
            let actionTemplate = try Template(actionText)
            if actionTemplate.isConstant {
                guard let fixed = Action(rawValue: actionText) else {
                    throw ElasticsearchSettings.Invalid(
                        "action", "action must be index, create, update, delete or a %{field} reference, not \"\(actionText)\"")
                }
                action = .fixed(fixed)
            } else {
                action = .perEvent(actionTemplate)
            }
        }
        documentID = try options.optionalString("document_id").map { try Template($0) }
        routing = try options.optionalString("routing").map { try Template($0) }
        pipeline = try options.optionalString("pipeline").map { try Template($0) }
        version = try options.optionalString("version").map { try Template($0) }
        versionType = options.optionalString("version_type")
        docAsUpsert = options.bool("doc_as_upsert")
        let upsertText = options.string("upsert")
        if upsertText.isEmpty {
            upsert = ""
        } else {
            let parsed = try? Array(upsertText.utf8).withUnsafeBytes { try JSONReader.parse($0) }
            guard let parsed, case .object = parsed else {
                throw ElasticsearchSettings.Invalid("upsert", "upsert must be a JSON object")
            }
            upsert = JSONWriter.string(parsed)
        }
        retryOnConflict = Int(clamping: options.integer("retry_on_conflict"))
    }
}
