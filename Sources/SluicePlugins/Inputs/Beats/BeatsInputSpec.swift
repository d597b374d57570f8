import SluiceConfig

/// `input { beats { ... } }`: a Lumberjack v2 server (logstash-input-beats 7.0.9 options and defaults).
let beatsInputSpec = PluginSpec(
    name: "beats", kind: .input, summary: "receive events from Filebeat and other beats (Lumberjack v2)",
    options: [
        OptionSpec("port", .number, required: true, doc: "TCP port to listen on (5044 by convention)"),
        OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
        OptionSpec("ssl_enabled", .boolean, default: .boolean(false), doc: "TLS on the listening socket"),
        OptionSpec("ssl_certificate", .path, doc: "server certificate (PEM)"),
        OptionSpec("ssl_key", .path, doc: "server private key (PKCS#8 PEM)"),
        OptionSpec("ssl_key_passphrase", .password, doc: "passphrase of ssl_key"),
        OptionSpec("ssl_certificate_authorities", .array(of: .path), default: .array([]), doc: "CAs for client certificates"),
        OptionSpec(
            "ssl_client_authentication", .oneOf(["none", "optional", "required"]), default: .string("none"),
            doc: "whether clients must present a certificate"),
        OptionSpec(
            "ssl_supported_protocols", .array(of: .string), default: .array([.string("TLSv1.2"), .string("TLSv1.3")]),
            doc: "TLS versions accepted"),
        OptionSpec("ssl_cipher_suites", .array(of: .string), default: .array([]), doc: "cipher suites accepted"),
        OptionSpec("ssl_handshake_timeout", .number, default: .integer(10_000), doc: "TLS handshake timeout in ms"),
        OptionSpec(
            "client_inactivity_timeout", .number, default: .integer(60), doc: "close idle connections after this many seconds"),
        OptionSpec("max_connections", .number, default: .integer(10_000), doc: "connections beyond this are closed at once (Sluice)"),
        OptionSpec("executor_threads", .number, doc: "threads that decode events (default: cores)"),
        OptionSpec("event_loop_threads", .number, default: .integer(0), doc: "network threads (0: automatic)"),
        OptionSpec(
            "include_codec_tag", .boolean, default: .boolean(true),
            status: .deprecated("use enrich => [\"codec_metadata\"]"), doc: "tag events with the codec applied"),
        OptionSpec(
            "add_hostname", .boolean, default: .boolean(false), status: .deprecated("the beat's own host fields are kept"),
            doc: "copy [beat][hostname] to the host field"),
        OptionSpec(
            "enrich", .array(of: .oneOf(["source_metadata", "codec_metadata", "ssl_peer_metadata", "all", "none"])),
            default: .array([.string("source_metadata"), .string("codec_metadata")]), doc: "metadata added to events"),
        OptionSpec("ssl", .boolean, status: .obsolete("use ssl_enabled")),
        OptionSpec("ssl_verify_mode", .string, status: .obsolete("use ssl_client_authentication")),
        OptionSpec("cipher_suites", .array(of: .string), status: .obsolete("use ssl_cipher_suites")),
        OptionSpec("tls_min_version", .number, status: .obsolete("use ssl_supported_protocols")),
        OptionSpec("tls_max_version", .number, status: .obsolete("use ssl_supported_protocols")),
    ],
    validate: { options in
        var problems: [PluginProblem] = []
        if let port = options.integer("port"), !(0...65_535).contains(port) {
            problems.append(PluginProblem(setting: "port", "port \(port) is out of range", hint: "use 1-65535 (0: any free port)"))
        }
        if options.bool("ssl_enabled") == true && (options.string("ssl_certificate") == nil || options.string("ssl_key") == nil) {
            problems.append(
                PluginProblem(setting: "ssl_enabled", "ssl_enabled needs ssl_certificate and ssl_key"))
        }
        return problems
    })
