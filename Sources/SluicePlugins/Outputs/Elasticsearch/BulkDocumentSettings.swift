import SluiceConfig
import SluiceCore

/// What the output writes for each event: the bulk action and its metadata (index, id, routing,
/// pipeline), as Logstash's elasticsearch output decides them (SPEC §8.2).
struct BulkDocumentSettings: Sendable {
    enum Action: String, Sendable, CaseIterable {
        case index, create, update, delete
    }

    enum ActionSource: Sendable {
        case fixed(Action)
        case perEvent(Template)
    }

    enum Target: Sendable {
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

    init(_ options: PluginOptions) throws {
        let ecs = options.string("ecs_compatibility") != "disabled"
        let indexModeSet = BulkDocumentSettings.indexModeOptions.filter { options.isSet($0) }
        let actionText = options.string("action") ?? "index"
        let dataStream: Bool
        switch options.string("data_stream") ?? "auto" {
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
                type: options.string("data_stream_type") ?? "logs", dataset: options.string("data_stream_dataset") ?? "generic",
                namespace: options.string("data_stream_namespace") ?? "default",
                autoRouting: options.bool("data_stream_auto_routing") ?? true,
                syncFields: options.bool("data_stream_sync_fields") ?? true)
        } else {
            let template = try Template(options.string("index") ?? (ecs ? "ecs-logstash-%{+yyyy.MM.dd}" : "logstash-%{+yyyy.MM.dd}"))
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
        documentID = try options.string("document_id").map { try Template($0) }
        routing = try options.string("routing").map { try Template($0) }
        pipeline = try options.string("pipeline").map { try Template($0) }
        version = try options.string("version").map { try Template($0) }
        versionType = options.string("version_type")
        docAsUpsert = options.bool("doc_as_upsert") ?? false
        let upsertText = options.string("upsert") ?? ""
        if upsertText.isEmpty {
            upsert = ""
        } else {
            let parsed = try? Array(upsertText.utf8).withUnsafeBytes { try JSONReader.parse($0) }
            guard let parsed, case .object = parsed else {
                throw ElasticsearchSettings.Invalid("upsert", "upsert must be a JSON object")
            }
            upsert = JSONWriter.string(parsed)
        }
        retryOnConflict = Int(options.integer("retry_on_conflict") ?? 1)
    }
}
