import NIOCore
import NIOSSL
import NIOTLS
import SluiceConfig

/// The beats input's TLS settings as a NIOSSL server context (logstash-input-beats' `ssl_*` options).
enum BeatsTLS {
    /// `nil` when `ssl_enabled` is off.
    static func context(_ options: PluginOptions) throws -> NIOSSLContext? {
        guard options.bool("ssl_enabled") == true, let certificatePath = options.string("ssl_certificate"),
            let keyPath = options.string("ssl_key")
        else { return nil }
        let key: NIOSSLPrivateKey
        if let passphrase = options.secret("ssl_key_passphrase")?.value {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem) { setter in setter(Array(passphrase.utf8)) }
        } else {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificatePath).map { .certificate($0) }, privateKey: .privateKey(key))
        switch options.string("ssl_client_authentication") ?? "none" {
        case "required": configuration.certificateVerification = .noHostnameVerification
        case "optional": configuration.certificateVerification = .optionalVerification
        default: configuration.certificateVerification = .none
        }
        let authorities = options.strings("ssl_certificate_authorities") ?? []
        if !authorities.isEmpty {
            configuration.trustRoots = .certificates(try authorities.flatMap { try NIOSSLCertificate.fromPEMFile($0) })
        }
        let versions = (options.strings("ssl_supported_protocols") ?? []).compactMap(version)
        if let lowest = versions.min(by: { rank($0) < rank($1) }), let highest = versions.max(by: { rank($0) < rank($1) }) {
            configuration.minimumTLSVersion = lowest
            configuration.maximumTLSVersion = highest
        }
        return try NIOSSLContext(configuration: configuration)
    }

    static func version(_ name: String) -> TLSVersion? {
        switch name {
        case "TLSv1.1": .tlsv11
        case "TLSv1.2": .tlsv12
        case "TLSv1.3": .tlsv13
        default: nil
        }
    }

    static func rank(_ version: TLSVersion) -> Int {
        switch version {
        case .tlsv1: 0
        case .tlsv11: 1
        case .tlsv12: 2
        case .tlsv13: 3
        }
    }
}

/// Closes a connection whose TLS handshake has not completed in time (`ssl_handshake_timeout`).
final class HandshakeTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let timeout: TimeAmount
    private var scheduled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        scheduled = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            scheduled?.cancel()
            scheduled = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
    }
}
