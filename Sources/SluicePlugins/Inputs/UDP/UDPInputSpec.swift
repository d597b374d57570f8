import SluiceConfig
import SluiceCore

/// `input { udp { port => 5514 } }`: one datagram, one event (logstash-input-udp 3.5 options and
/// defaults).
func udpInputSpec(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
    PluginSpec.input(
        "udp", summary: "receive events in UDP datagrams (codec plain: one per datagram; line or json_lines: one per line; json)",
        options: [
            OptionSpec("port", .number, required: true, doc: "UDP port to listen on"),
            OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
            OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "plain")), doc: "plain (the datagram is the message), line, json, json_lines"),
            OptionSpec("buffer_size", .number, default: .integer(65_536), doc: "the largest datagram read whole (longer ones are cut by the kernel)"),
            OptionSpec("receive_buffer_bytes", .number, doc: "the socket's receive buffer (SO_RCVBUF; default: the system's)"),
            OptionSpec("source_ip_fieldname", .fieldReference, doc: "where the sender's address goes (default: [host][ip] with ECS, host without)"),
            OptionSpec(
                "workers", .number, default: .integer(2), status: .noEffect("datagrams are decoded on the network thread; the pipeline's workers filter"),
                doc: "decoding threads"),
            OptionSpec(
                "queue_size", .number, default: .integer(2000),
                status: .noEffect("datagrams wait in the socket's receive buffer (receive_buffer_bytes) while the pipeline is full; drops are counted"),
                doc: "datagrams held before decoding"),
        ],
        decode: UDPInputOptions.init
    ) { options, _ in UDPInput(options: options, onListening: onListening) }
}

/// The udp input's options, decoded.
public struct UDPInputOptions: Sendable, Equatable {
    enum Codec: Sendable, Equatable { case plain, line, json, jsonLines }

    let host: String
    let port: Int
    let codec: Codec
    let bufferSize: Int
    let receiveBufferBytes: Int?
    let sourceField: FieldPath
    let decoration: InputDecoration

    /// A plain listener on `host:port` (a datagram, an event): the syslog input's UDP side.
    init(host: String, port: Int, sourceField: FieldPath, decoration: InputDecoration) {
        self.host = host
        self.port = port
        codec = .plain
        bufferSize = 65_536
        // Senders burst (rsyslog forwards a file's backlog at once): a larger buffer than the
        // system's 208 KiB default rides a burst out (the kernel caps it at net.core.rmem_max).
        receiveBufferBytes = 8 << 20
        self.sourceField = sourceField
        self.decoration = decoration
    }

    init(_ reader: inout OptionReader) throws {
        let address = ListenAddress(&reader)
        host = address.host
        port = address.port
        let bufferSize = reader.integer("buffer_size")
        if !(1...65_536).contains(bufferSize) { reader.problem("buffer_size", "buffer_size must be 1 to 65536 (the largest UDP datagram)") }
        self.bufferSize = Int(clamping: max(1, min(bufferSize, 65_536)))
        if let bytes = reader.optionalInteger("receive_buffer_bytes"), bytes < 1 {
            reader.problem("receive_buffer_bytes", "receive_buffer_bytes must be at least 1")
        }
        receiveBufferBytes = reader.optionalInteger("receive_buffer_bytes").map { Int(clamping: $0) }
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        sourceField = reader.fieldPath("source_ip_fieldname") ?? (try! FieldPath(parsing: ecs ? "[host][ip]" : "host"))
        switch reader.inputCodecName() {
        case "line": codec = .line
        case "json": codec = .json
        case "json_lines": codec = .jsonLines
        default: codec = .plain
        }
        decoration = InputDecoration(&reader)
        try reader.finish()
    }
}
