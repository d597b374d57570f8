import NIOCore
import SluiceConfig
import SluiceCore

/// `input { tcp { port => 50000 } }`: lines (or JSON lines) over TCP connections
/// (logstash-input-tcp 7 options and defaults; server mode).
func tcpInputSpec(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
    PluginSpec.input(
        "tcp", summary: "receive events over TCP, one per line (codec line or json_lines), TLS optional", options: tcpInputOptions,
        decode: TCPInputOptions.init
    ) { options, _ in try TCPInput(options: options, onListening: onListening) }
}

let tcpInputOptions: [OptionSpec] = [
    OptionSpec("port", .number, required: true, doc: "TCP port to listen on"),
    OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
    OptionSpec("mode", .oneOf(["server", "client"]), default: .string("server"), doc: "server listens; client (connecting out) is not built yet"),
    OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "line")), doc: "how the bytes become events: line, plain, json_lines or json (one JSON document per line)"),
    OptionSpec("tcp_keep_alive", .boolean, default: .boolean(false), doc: "TCP keep-alives on accepted connections"),
    OptionSpec(
        "dns_reverse_lookup_enabled", .boolean, default: .boolean(true),
        status: .noEffect("Sluice never resolves peer names: the source name is the peer's address"), doc: "resolve the peer's name"),
    OptionSpec("proxy_protocol", .boolean, default: .boolean(false), doc: "PROXY protocol v1 headers (not built yet: true is refused)"),
] + ServerTLS.optionSpecs(
    clientAuthentication: OptionSpec(
        "ssl_client_authentication", .oneOf(["none", "optional", "required"]), default: .string("required"),
        doc: "whether clients must present a certificate (applies when ssl_certificate_authorities are given)"),
    supportedProtocols: OptionSpec(
        "ssl_supported_protocols", .array(of: .string), default: .array([.string("TLSv1.2"), .string("TLSv1.3")]),
        doc: "TLS versions accepted (Logstash's empty default means the JVM's: these)")
) + [
    OptionSpec("ssl_extra_chain_certs", .array(of: .path), default: .array([]), doc: "not built: put the chain in the ssl_certificate file, after the server's certificate"),
    OptionSpec("max_connections", .number, default: .integer(10_000), doc: "connections beyond this are closed at once (Sluice)"),
    OptionSpec("max_line_bytes", .number, default: .integer(Int64(LineDecoder.defaultMaxLineBytes)), doc: "a longer line is cut there and tagged (Sluice)"),
    .renamed("ssl_enable", .boolean, to: "ssl_enabled"),
    .renamed("ssl_cert", .path, to: "ssl_certificate"),
    .renamed("ssl_verify", .boolean, to: "ssl_client_authentication", values: ["true": "required", "false": "none"]),
]

/// The tcp input's options, decoded: the address, limits, the codec, and the TLS material read and
/// checked.
public struct TCPInputOptions: Sendable, Equatable {
    let host: String
    let port: Int
    let ecs: Bool
    let jsonLines: Bool
    let keepAlive: Bool
    let maxConnections: Int
    let maxLineBytes: Int
    let decoration: InputDecoration
    let tls: ServerTLS?
    /// Where the peer's address goes instead of tcp's own fields (the syslog input's `[host][ip]`).
    var peerField: FieldPath? = nil
    /// Messages framed as RFC 6587 says, octet-counted or by lines (the syslog input's).
    var syslogFraming = false

    /// A plain listener on `host:port` (RFC 6587 framing, no TLS): the syslog input's TCP side.
    init(host: String, port: Int, ecs: Bool, peerField: FieldPath, decoration: InputDecoration) {
        self.host = host
        self.port = port
        self.ecs = ecs
        jsonLines = false
        keepAlive = false
        maxConnections = 10_000
        maxLineBytes = LineDecoder.defaultMaxLineBytes
        self.decoration = decoration
        tls = nil
        self.peerField = peerField
        syslogFraming = true
    }

    init(_ reader: inout OptionReader) throws {
        let address = ListenAddress(&reader)
        host = address.host
        port = address.port
        if reader.string("mode") == "client" {
            reader.problem("mode", "mode => client is not built yet: Sluice's tcp input listens", hint: "mode => server")
        }
        if reader.bool("proxy_protocol") {
            reader.problem("proxy_protocol", "the PROXY protocol is not built yet", hint: "remove proxy_protocol")
        }
        for name in ["max_connections", "max_line_bytes"] where reader.integer(name) < 1 {
            reader.problem(name, "\(name) must be at least 1")
        }
        maxConnections = Int(clamping: reader.integer("max_connections"))
        maxLineBytes = Int(clamping: reader.integer("max_line_bytes"))
        keepAlive = reader.bool("tcp_keep_alive")
        ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        let codec = reader.inputCodecName()
        jsonLines = codec == "json" || codec == "json_lines"
        decoration = InputDecoration(&reader)
        if !reader.strings("ssl_extra_chain_certs").isEmpty {
            reader.problem(
                "ssl_extra_chain_certs", "ssl_extra_chain_certs is not built yet",
                hint: "append those certificates to the ssl_certificate file, after the server's own: the whole chain is sent")
        }
        // Logstash's default `required` asks for a client certificate only once CAs are given.
        let authorities = reader.strings("ssl_certificate_authorities")
        let clientAuthentication = reader.isSet("ssl_client_authentication") || !authorities.isEmpty
            ? reader.string("ssl_client_authentication") : "none"
        tls = ServerTLS.decode(&reader, clientAuthentication: clientAuthentication)
        try reader.finish()
    }
}
