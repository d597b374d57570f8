import NIOCore
import NIOSSL
import SluiceConfig

/// The beats input's options, decoded: the address, limits, and the TLS material read and checked.
public struct BeatsInputOptions: Sendable, Equatable {
    let host: String
    let port: Int
    let ecs: Bool
    let decoration: InputDecoration
    let inactivityTimeout: Int64
    let maxConnections: Int
    let handshakeTimeout: TimeAmount
    /// The server's TLS configuration when `ssl_enabled` (a context is made from it when the input starts).
    let tls: ServerTLS?

    init(_ reader: inout OptionReader) throws {
        let address = ListenAddress(&reader)
        host = address.host
        port = address.port
        for name in ["client_inactivity_timeout", "max_connections", "ssl_handshake_timeout"] where reader.integer(name) < 1 {
            reader.problem(name, "\(name) must be at least 1")
        }
        inactivityTimeout = reader.integer("client_inactivity_timeout")
        maxConnections = Int(clamping: reader.integer("max_connections"))
        handshakeTimeout = .milliseconds(reader.integer("ssl_handshake_timeout"))
        ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        _ = reader.inputCodecName()
        decoration = InputDecoration(&reader)
        tls = ServerTLS.decode(&reader)
        try reader.finish()
    }
}
