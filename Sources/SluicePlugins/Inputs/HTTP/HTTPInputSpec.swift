import SluiceConfig
import SluiceCore

/// `input { http { port => 8080 } }`: events posted over HTTP (logstash-input-http 4 options and
/// defaults), answered once the outputs wrote them (`ack_after_write`, Sluice).
func httpInputSpec(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
    PluginSpec.input(
        "http", summary: "receive events in HTTP request bodies (codec by Content-Type: json, json_lines, plain), TLS and basic auth optional",
        options: httpInputOptions, decode: HTTPInputOptions.init
    ) { options, _ in try HTTPInput(options: options, onListening: onListening) }
}

let httpInputOptions: [OptionSpec] = [
    OptionSpec("port", .number, default: .integer(8080), doc: "TCP port to listen on"),
    OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
    OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "plain")), doc: "for a Content-Type not in additional_codecs: plain (the body is the message), line, json, json_lines"),
    OptionSpec(
        "additional_codecs", .hash,
        default: .hash([
            OptionHashEntry(key: "application/json", value: .string("json")),
            OptionHashEntry(key: "application/x-ndjson", value: .string("json_lines")),
        ]), doc: "codec by the request's media type (Logstash's default has application/json only)"),
    OptionSpec("user", .string, doc: "basic authentication user (with password)"),
    OptionSpec("password", .password, doc: "basic authentication password (with user)"),
    OptionSpec("response_code", .number, default: .integer(200), doc: "status of a successful request: 200, 201, 202 or 204 (no body)"),
    OptionSpec("response_headers", .hash, default: .hash([OptionHashEntry(key: "Content-Type", value: .string("text/plain"))]), doc: "headers of a successful response"),
    OptionSpec("remote_host_target_field", .fieldReference, doc: "where the client's address goes (default: [host][ip] with ECS, host without)"),
    OptionSpec(
        "request_headers_target_field", .fieldReference,
        doc: "where the request's headers go (default: [@metadata][input][http][request][headers] with ECS, headers without)"),
    OptionSpec("max_content_length", .number, default: .integer(100 << 20), doc: "the largest body taken, after decompression (larger: 413)"),
    OptionSpec("max_pending_requests", .number, default: .integer(200), doc: "requests taken and not yet answered; one more is answered 429 with Retry-After"),
    OptionSpec(
        "threads", .number, status: .noEffect("requests are read on the network threads; the pipeline's workers filter"),
        doc: "request threads"),
    OptionSpec(
        "ack_after_write", .boolean, default: .boolean(true),
        doc: "answer only after every output wrote the request's events (false: once they are queued, as Logstash) (Sluice)"),
    OptionSpec("request_timeout", .number, default: .integer(60), doc: "seconds a request may take to arrive whole; an idle connection is closed after it too (Sluice)"),
    OptionSpec("max_connections", .number, default: .integer(10_000), doc: "connections beyond this are closed at once (Sluice)"),
    OptionSpec("ssl_handshake_timeout", .number, default: .integer(10_000), doc: "milliseconds a TLS handshake may take"),
] + ServerTLS.optionSpecs(
    clientAuthentication: OptionSpec(
        "ssl_client_authentication", .oneOf(["none", "optional", "required"]), default: .string("none"),
        doc: "whether clients must present a certificate (needs ssl_certificate_authorities)"),
    supportedProtocols: OptionSpec(
        "ssl_supported_protocols", .array(of: .string), default: .array([.string("TLSv1.2"), .string("TLSv1.3")]), doc: "TLS versions accepted")
) + [
    OptionSpec("ssl_keystore_path", .path, doc: "not built: give ssl_certificate and ssl_key (PEM)"),
    OptionSpec("ssl_keystore_password", .password, doc: "not built (see ssl_keystore_path)"),
    OptionSpec("ssl_keystore_type", .string, doc: "not built (see ssl_keystore_path)"),
    .renamed("ssl", .boolean, to: "ssl_enabled"),
    .renamed("ssl_verify_mode", .oneOf(["none", "peer", "force_peer"]), to: "ssl_client_authentication", values: ["peer": "optional", "force_peer": "required"]),
    .renamed("verify_mode", .oneOf(["none", "peer", "force_peer"]), to: "ssl_client_authentication", values: ["peer": "optional", "force_peer": "required"]),
    .renamed("keystore", .path, to: "ssl_keystore_path"),
    .renamed("keystore_password", .password, to: "ssl_keystore_password"),
]

/// The http input's options, decoded: the address and limits, the codec for each media type, the
/// credentials, the response, where the request's details go, and the TLS material read and checked.
public struct HTTPInputOptions: Sendable, Equatable {
    let host: String
    let port: Int
    let ecs: Bool
    let defaultCodec: HTTPBodyCodec
    /// By media type, lowercased (`application/json`).
    let codecs: [String: HTTPBodyCodec]
    /// The `Authorization` value a request must carry (`Basic base64(user:password)`).
    let authorization: String?
    let responseStatus: Int
    let responseHeaders: [(name: String, value: String)]
    let remoteHostField: FieldPath
    let requestHeadersField: FieldPath
    let maxContentLength: Int
    let maxPendingRequests: Int
    let ackAfterWrite: Bool
    let requestTimeout: Duration
    let maxConnections: Int
    let handshakeTimeout: Duration
    let decoration: InputDecoration
    let tls: ServerTLS?

    init(_ reader: inout OptionReader) throws {
        let address = ListenAddress(&reader)
        host = address.host
        port = address.port
        ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        defaultCodec = HTTPBodyCodec(named: reader.inputCodecName())
        var codecs: [String: HTTPBodyCodec] = [:]
        for entry in reader.hash("additional_codecs") {
            guard let name = entry.value.stringValue, OptionReader.inputCodecs.contains(name) else {
                reader.problem(
                    "additional_codecs", "additional_codecs: \"\(entry.key)\" names no codec an input can decode with",
                    hint: "use one of \(OptionReader.inputCodecs.joined(separator: ", "))")
                continue
            }
            codecs[entry.key.lowercased()] = HTTPBodyCodec(named: name)
        }
        self.codecs = codecs
        let user = reader.optionalString("user")
        let password = reader.secret("password")?.value
        switch (user, password) {
        case (let user?, let password?):
            authorization = "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
        case (nil, nil):
            authorization = nil
        case (nil, _):
            reader.problem("password", "password is set without user", hint: "set both user and password, or neither")
            authorization = nil
        case (_, nil):
            reader.problem("user", "user is set without password", hint: "set both user and password, or neither")
            authorization = nil
        }
        let code = reader.integer("response_code")
        if ![200, 201, 202, 204].contains(code) {
            reader.problem("response_code", "response_code \(code) is not one of 200, 201, 202, 204")
        }
        responseStatus = Int(clamping: code)
        responseHeaders = reader.hash("response_headers").map { ($0.key, Template.text(of: PluginValues.value(of: $0.value))) }
        remoteHostField = reader.fieldPath("remote_host_target_field") ?? (try! FieldPath(parsing: ecs ? "[host][ip]" : "host"))
        requestHeadersField = reader.fieldPath("request_headers_target_field")
            ?? (try! FieldPath(parsing: ecs ? "[@metadata][input][http][request][headers]" : "headers"))
        for name in ["max_content_length", "max_pending_requests", "request_timeout", "max_connections", "ssl_handshake_timeout"]
        where reader.integer(name) < 1 {
            reader.problem(name, "\(name) must be at least 1")
        }
        maxContentLength = Int(clamping: reader.integer("max_content_length"))
        maxPendingRequests = Int(clamping: reader.integer("max_pending_requests"))
        ackAfterWrite = reader.bool("ack_after_write")
        requestTimeout = .seconds(reader.integer("request_timeout"))
        maxConnections = Int(clamping: reader.integer("max_connections"))
        handshakeTimeout = .milliseconds(reader.integer("ssl_handshake_timeout"))
        decoration = InputDecoration(&reader)
        for name in ["ssl_keystore_path", "ssl_keystore_password", "ssl_keystore_type"] where reader.isSet(name) {
            reader.problem(
                name, "Java keystores are not read by Sluice",
                hint: "give the certificate and key as PEM files: ssl_certificate and ssl_key (openssl pkcs12 -in store.p12 -nodes converts)")
        }
        if reader.bool("ssl_enabled"), !reader.strings("ssl_certificate_authorities").isEmpty, reader.string("ssl_client_authentication") == "none" {
            reader.problem(
                "ssl_certificate_authorities", "ssl_certificate_authorities are given but client certificates are not asked for",
                hint: "ssl_client_authentication => \"required\" (or \"optional\")")
        }
        tls = ServerTLS.decode(&reader)
        try reader.finish()
    }

    public static func == (a: HTTPInputOptions, b: HTTPInputOptions) -> Bool {
        a.host == b.host && a.port == b.port && a.ecs == b.ecs && a.defaultCodec == b.defaultCodec && a.codecs == b.codecs
            && a.authorization == b.authorization && a.responseStatus == b.responseStatus
            && a.responseHeaders.elementsEqual(b.responseHeaders, by: { $0 == $1 }) && a.remoteHostField == b.remoteHostField
            && a.requestHeadersField == b.requestHeadersField && a.maxContentLength == b.maxContentLength
            && a.maxPendingRequests == b.maxPendingRequests && a.ackAfterWrite == b.ackAfterWrite && a.requestTimeout == b.requestTimeout
            && a.maxConnections == b.maxConnections && a.handshakeTimeout == b.handshakeTimeout && a.decoration == b.decoration
            && a.tls == b.tls
    }
}
