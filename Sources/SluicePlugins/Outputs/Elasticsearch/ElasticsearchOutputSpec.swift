import SluiceConfig

/// `output { elasticsearch { ... } }`: `_bulk` requests (logstash-output-elasticsearch 12.1.6).
let elasticsearchOutputSpec = PluginSpec.output(
    "elasticsearch", summary: "index events into Elasticsearch or OpenSearch with _bulk",
    options: [
        OptionSpec(
            "hosts", .array(of: .uri), default: .array([.string("//127.0.0.1")]),
            doc: "hosts to send to (host, host:port, http://user:pass@host:9200/prefix)"),
        OptionSpec("index", .string, doc: "index name, sprintf (default ecs-logstash-%{+yyyy.MM.dd})"),
        OptionSpec("action", .string, default: .string("index"), doc: "index, create, update, delete, or %{field}"),
        OptionSpec("document_id", .string, doc: "document id, sprintf"),
        OptionSpec("routing", .string, doc: "routing value, sprintf"),
        OptionSpec("pipeline", .string, doc: "ingest pipeline, sprintf"),
        OptionSpec("doc_as_upsert", .boolean, default: .boolean(false), doc: "update: create the document when missing"),
        OptionSpec("upsert", .string, default: .string(""), doc: "update: document to create when missing (JSON)"),
        OptionSpec("retry_on_conflict", .number, default: .integer(1), doc: "update: retries on version conflict"),
        OptionSpec("version", .string, doc: "document version, sprintf"),
        OptionSpec("version_type", .oneOf(["internal", "external", "external_gt", "external_gte", "force"]), doc: "version type"),
        OptionSpec("user", .string, doc: "basic auth user"),
        OptionSpec("password", .password, doc: "basic auth password"),
        OptionSpec("api_key", .password, doc: "API key (id:key or base64)"),
        OptionSpec("cloud_id", .string, doc: "Elastic Cloud id (instead of hosts)"),
        OptionSpec("cloud_auth", .password, doc: "Elastic Cloud user:password"),
        OptionSpec("path", .string, doc: "path prefix of every request"),
        OptionSpec("ssl_enabled", .boolean, doc: "TLS (default: true when every host is https)"),
        OptionSpec("ssl_certificate_authorities", .array(of: .path), default: .array([]), doc: "CAs to trust"),
        OptionSpec("ssl_certificate", .path, doc: "client certificate"),
        OptionSpec("ssl_key", .path, doc: "client key"),
        OptionSpec("ssl_verification_mode", .oneOf(["full", "none"]), default: .string("full"), doc: "certificate checks"),
        OptionSpec(
            "ssl_supported_protocols", .array(of: .oneOf(["TLSv1.1", "TLSv1.2", "TLSv1.3"])), default: .array([]),
            doc: "TLS versions (default: TLSv1.2 and TLSv1.3)"),
        OptionSpec("compression_level", .number, default: .integer(1), doc: "gzip level of request bodies (0: off)"),
        OptionSpec("http_compression", .boolean, status: .deprecated("use compression_level"), doc: "gzip request bodies"),
        OptionSpec("timeout", .number, default: .integer(60), doc: "request timeout in seconds"),
        OptionSpec("resurrect_delay", .number, default: .integer(5), doc: "seconds between checks of dead hosts"),
        OptionSpec("retry_initial_interval", .number, default: .integer(2), doc: "first retry delay in seconds"),
        OptionSpec("retry_max_interval", .number, default: .integer(64), doc: "longest retry delay in seconds"),
        OptionSpec(
            "pool_max", .number, default: .integer(1000),
            status: .noEffect("connections are bounded per host by pool_max_per_route; requests in flight by the pipeline's workers"),
            doc: "most open connections"),
        OptionSpec("pool_max_per_route", .number, default: .integer(100), doc: "most open connections per host"),
        OptionSpec(
            "validate_after_inactivity", .number, default: .integer(10_000),
            status: .noEffect("a request on a pooled connection that the server closed is retried on a new one"),
            doc: "ms before a pooled connection is checked"),
        OptionSpec("sniffing", .boolean, default: .boolean(false), doc: "discover cluster nodes"),
        OptionSpec("healthcheck_path", .string, doc: "path of the health check"),
        OptionSpec("proxy", .uri, doc: "HTTP proxy"),
        OptionSpec("custom_headers", .hash, default: .hash([]), doc: "headers added to every request"),
        OptionSpec("parameters", .hash, default: .hash([]), doc: "query parameters added to every request"),
        OptionSpec("filter_path", .string, doc: "filter_path of bulk requests"),
        OptionSpec(
            "ecs_compatibility", .oneOf(["disabled", "v1", "v8"]),
            doc: "v8 by default: without index, events go to the logs-generic-default data stream"),
        OptionSpec("data_stream", .oneOf(["true", "false", "auto"]), default: .string("auto"), doc: "send to a data stream"),
        OptionSpec("data_stream_type", .string, default: .string("logs"), doc: "data stream type"),
        OptionSpec("data_stream_dataset", .string, default: .string("generic"), doc: "data stream dataset"),
        OptionSpec("data_stream_namespace", .string, default: .string("default"), doc: "data stream namespace"),
        OptionSpec("data_stream_auto_routing", .boolean, default: .boolean(true), doc: "route by the event's data_stream fields"),
        OptionSpec("data_stream_sync_fields", .boolean, default: .boolean(true), doc: "write data_stream fields into events"),
        OptionSpec(
            "manage_template", .boolean, default: .boolean(true), status: .noEffect(templateNoEffect),
            doc: "install an index template (not yet: see the warning)"),
        OptionSpec("template", .path, status: .noEffect(templateNoEffect), doc: "index template file"),
        OptionSpec("template_name", .string, status: .noEffect(templateNoEffect), doc: "index template name"),
        OptionSpec(
            "template_overwrite", .boolean, default: .boolean(false), status: .noEffect(templateNoEffect),
            doc: "replace an existing template"),
        OptionSpec(
            "ilm_enabled", .oneOf(["true", "false", "auto"]), default: .string("auto"), status: .noEffect(templateNoEffect),
            doc: "index lifecycle management"),
        OptionSpec("ilm_rollover_alias", .string, status: .noEffect(templateNoEffect), doc: "ILM rollover alias"),
        OptionSpec(
            "ilm_pattern", .string, default: .string("{now/d}-000001"), status: .noEffect(templateNoEffect), doc: "ILM index pattern"),
        OptionSpec("ilm_policy", .string, default: .string("logstash-policy"), status: .noEffect(templateNoEffect), doc: "ILM policy"),
        OptionSpec("drop_error_types", .array(of: .string), default: .array([]), doc: "error types dropped with a warning (like 409)"),
        OptionSpec("silence_errors_in_log", .array(of: .string), default: .array([]), doc: "error types not logged"),
        OptionSpec("dlq_custom_codes", .array(of: .number), default: .array([]), doc: "more status codes for the dead-letter file"),
        OptionSpec(
            "dlq_on_failed_indexname_interpolation", .boolean, default: .boolean(true),
            doc: "send events whose index name keeps %{...} to the dead-letter file"),
        OptionSpec("document_type", .string, status: .deprecated("Elasticsearch 8 has no document types")),
        .renamed("ssl", .boolean, to: "ssl_enabled"),
        .renamed("cacert", .path, to: "ssl_certificate_authorities"),
        OptionSpec(
            "flush_size", .number,
            status: .obsolete("removed from Logstash's elasticsearch output: a bulk request is a pipeline batch (-b, pipeline.batch.size), split at 20 MiB")),
        OptionSpec("idle_flush_time", .number, status: .obsolete("removed from Logstash's elasticsearch output: batches are sent as they fill (pipeline.batch.delay)")),
        OptionSpec("truststore", .path, status: .obsolete("Java keystores are not supported: convert it to PEM (keytool -exportcert -rfc) and use ssl_certificate_authorities")),
        OptionSpec("keystore", .path, status: .obsolete("Java keystores are not supported: convert it to PEM (openssl pkcs12) and use ssl_certificate and ssl_key")),
        .renamed("ssl_certificate_verification", .boolean, to: "ssl_verification_mode", values: ["true": "full", "false": "none"]),
    ],
    decode: ElasticsearchOutputOptions.init) { options, _ in ElasticsearchOutput(options: options) }

/// Why the template and ILM settings do nothing yet.
let templateNoEffect =
    "Sluice installs no index template or ILM policy yet: create them in Elasticsearch (setting one still selects plain indices over a data stream)"

/// The elasticsearch output's options, decoded: hosts parsed, credentials and TLS material loaded
/// and checked, the document settings compiled.
public struct ElasticsearchOutputOptions: Sendable, Hashable {
    let settings: ElasticsearchSettings

    init(_ options: inout OptionReader) throws {
        let authentications = ["user", "api_key", "cloud_auth"].filter { options.isSet($0) }
        if authentications.count > 1 {
            options.problem(
                authentications[1], "use only one of user/password, api_key and cloud_auth",
                hint: "\(authentications.joined(separator: " and ")) are both set")
        }
        if options.isSet("password") && !options.isSet("user") {
            options.problem("password", "password is set without user")
        }
        if options.string("action") == "update" && !options.isSet("document_id") {
            options.problem("action", "action => \"update\" needs document_id")
        }
        let reader = options
        let settings = options.attempt("hosts") { () throws -> ElasticsearchSettings in
            do {
                return try ElasticsearchSettings(reader)
            } catch let invalid as ElasticsearchSettings.Invalid {
                throw OptionError(setting: invalid.setting, invalid.description)
            } catch let invalid as TLSMaterial.Invalid {
                throw OptionError(setting: invalid.setting, invalid.message, hint: invalid.hint)
            }
        }
        try options.finish()
        self.settings = settings!
    }
}
