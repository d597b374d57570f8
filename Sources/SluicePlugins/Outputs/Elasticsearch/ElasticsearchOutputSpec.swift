import SluiceConfig

/// `output { elasticsearch { ... } }`: `_bulk` requests (logstash-output-elasticsearch 12.1.6).
let elasticsearchOutputSpec = PluginSpec(
    name: "elasticsearch", kind: .output, summary: "index events into Elasticsearch or OpenSearch with _bulk",
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
        OptionSpec("ssl_supported_protocols", .array(of: .string), default: .array([]), doc: "TLS versions"),
        OptionSpec("compression_level", .number, default: .integer(1), doc: "gzip level of request bodies (0: off)"),
        OptionSpec("http_compression", .boolean, status: .deprecated("use compression_level"), doc: "gzip request bodies"),
        OptionSpec("timeout", .number, default: .integer(60), doc: "request timeout in seconds"),
        OptionSpec("resurrect_delay", .number, default: .integer(5), doc: "seconds between checks of dead hosts"),
        OptionSpec("retry_initial_interval", .number, default: .integer(2), doc: "first retry delay in seconds"),
        OptionSpec("retry_max_interval", .number, default: .integer(64), doc: "longest retry delay in seconds"),
        OptionSpec("pool_max", .number, default: .integer(1000), doc: "most open connections"),
        OptionSpec("pool_max_per_route", .number, default: .integer(100), doc: "most open connections per host"),
        OptionSpec("validate_after_inactivity", .number, default: .integer(10_000), doc: "ms before a pooled connection is checked"),
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
        OptionSpec("manage_template", .boolean, default: .boolean(true), doc: "install an index template"),
        OptionSpec("template", .path, doc: "index template file"),
        OptionSpec("template_name", .string, doc: "index template name"),
        OptionSpec("template_overwrite", .boolean, default: .boolean(false), doc: "replace an existing template"),
        OptionSpec("ilm_enabled", .oneOf(["true", "false", "auto"]), default: .string("auto"), doc: "index lifecycle management"),
        OptionSpec("ilm_rollover_alias", .string, doc: "ILM rollover alias"),
        OptionSpec("ilm_pattern", .string, default: .string("{now/d}-000001"), doc: "ILM index pattern"),
        OptionSpec("ilm_policy", .string, default: .string("logstash-policy"), doc: "ILM policy"),
        OptionSpec("drop_error_types", .array(of: .string), default: .array([]), doc: "error types dropped with a warning (like 409)"),
        OptionSpec("silence_errors_in_log", .array(of: .string), default: .array([]), doc: "error types not logged"),
        OptionSpec("dlq_custom_codes", .array(of: .number), default: .array([]), doc: "more status codes for the dead-letter file"),
        OptionSpec(
            "dlq_on_failed_indexname_interpolation", .boolean, default: .boolean(true),
            doc: "send events whose index name keeps %{...} to the dead-letter file"),
        OptionSpec("document_type", .string, status: .deprecated("Elasticsearch 8 has no document types")),
        OptionSpec("ssl", .boolean, status: .obsolete("use ssl_enabled")),
        OptionSpec("cacert", .path, status: .obsolete("use ssl_certificate_authorities")),
        OptionSpec("truststore", .path, status: .obsolete("use ssl_truststore_path")),
        OptionSpec("keystore", .path, status: .obsolete("use ssl_keystore_path")),
        OptionSpec("ssl_certificate_verification", .boolean, status: .obsolete("use ssl_verification_mode")),
    ],
    validate: { options in
        var problems: [PluginProblem] = []
        let authentications = ["user", "api_key", "cloud_auth"].filter { options.isSet($0) }
        if authentications.count > 1 {
            problems.append(
                PluginProblem(
                    setting: authentications[1], "use only one of user/password, api_key and cloud_auth",
                    hint: "\(authentications.joined(separator: " and ")) are both set"))
        }
        if options.isSet("password") && !options.isSet("user") {
            problems.append(PluginProblem(setting: "password", "password is set without user"))
        }
        do {
            _ = try ElasticsearchSettings(options)
        } catch let invalid as ElasticsearchSettings.Invalid {
            problems.append(PluginProblem(setting: invalid.setting, invalid.description))
        } catch {
            problems.append(PluginProblem(setting: "hosts", "\(error)"))
        }
        if let level = options.integer("compression_level"), !(0...9).contains(level) {
            problems.append(PluginProblem(setting: "compression_level", "compression_level must be 0 to 9"))
        }
        if options.string("action") == "update" && !options.isSet("document_id") {
            problems.append(PluginProblem(setting: "action", "action => \"update\" needs document_id"))
        }
        return problems
    })
