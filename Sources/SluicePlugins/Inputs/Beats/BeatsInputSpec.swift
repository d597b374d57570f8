import SluiceConfig

/// `input { beats { ... } }`: a Lumberjack v2 server (logstash-input-beats 7.0.9 options and defaults).
/// The beats input, with the timing its tests shorten (keep-alive and window deadline) and a hook
/// told the bound port.
func beatsInputSpec(
    keepAliveInterval: Duration = .seconds(5), windowDeadline: Duration = .seconds(30), onListening: (@Sendable (Int) -> Void)? = nil
) -> PluginSpec {
    PluginSpec.input(
        "beats", summary: "receive events from Filebeat and other beats (Lumberjack v2)", options: beatsInputOptions,
        decode: BeatsInputOptions.init
    ) { options, _ in
        try BeatsInput(options: options, keepAliveInterval: keepAliveInterval, windowDeadline: windowDeadline, onListening: onListening)
    }
}

let beatsInputOptions: [OptionSpec] = [
    OptionSpec("port", .number, required: true, doc: "TCP port to listen on (5044 by convention)"),
    OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
] + ServerTLS.optionSpecs(
    clientAuthentication: OptionSpec(
        "ssl_client_authentication", .oneOf(["none", "optional", "required"]), default: .string("none"),
        doc: "whether clients must present a certificate"),
    supportedProtocols: OptionSpec(
        "ssl_supported_protocols", .array(of: .string), default: .array([.string("TLSv1.2"), .string("TLSv1.3")]),
        doc: "TLS versions accepted")
) + [
        OptionSpec("ssl_handshake_timeout", .number, default: .integer(10_000), doc: "TLS handshake timeout in ms"),
        OptionSpec(
            "client_inactivity_timeout", .number, default: .integer(60), doc: "close idle connections after this many seconds"),
        OptionSpec("max_connections", .number, default: .integer(10_000), doc: "connections beyond this are closed at once (Sluice)"),
        OptionSpec(
            "executor_threads", .number,
            status: .noEffect("windows are decoded on the network threads (one per core); the pipeline's workers run the filters"),
            doc: "threads that decode events"),
        OptionSpec(
            "event_loop_threads", .number, default: .integer(0), status: .noEffect("the network threads are one per core"),
            doc: "network threads"),
        OptionSpec(
            "include_codec_tag", .boolean, default: .boolean(true),
            status: .deprecated("use enrich => [\"codec_metadata\"]"), doc: "tag events with the codec applied"),
        OptionSpec(
            "add_hostname", .boolean, default: .boolean(false), status: .deprecated("the beat's own host fields are kept"),
            doc: "copy [beat][hostname] to the host field"),
        OptionSpec(
            "enrich", .array(of: .oneOf(["source_metadata", "codec_metadata", "ssl_peer_metadata", "all", "none"])),
            default: .array([.string("source_metadata"), .string("codec_metadata")]),
            status: .noEffect("source and codec metadata are always added, as with Logstash's default"), doc: "metadata added to events"),
        .renamed("ssl", .boolean, to: "ssl_enabled"),
        .renamed(
            "ssl_verify_mode", .string, to: "ssl_client_authentication",
            values: ["none": "none", "peer": "optional", "force_peer": "required"]),
        .renamed("cipher_suites", .array(of: .string), to: "ssl_cipher_suites"),
        OptionSpec("tls_min_version", .number, status: .obsolete("use ssl_supported_protocols")),
        OptionSpec("tls_max_version", .number, status: .obsolete("use ssl_supported_protocols")),
]
