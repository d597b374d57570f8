import NIOCore
import NIOSSL
import NIOTLS
import SluiceConfig

extension ServerTLS {
    /// The `ssl_*` settings the listening inputs share (their `ssl_client_authentication` and
    /// `ssl_supported_protocols` defaults differ, as in Logstash).
    static func optionSpecs(clientAuthentication: OptionSpec, supportedProtocols: OptionSpec) -> [OptionSpec] {
        [
            OptionSpec("ssl_enabled", .boolean, default: .boolean(false), doc: "TLS on the listening socket"),
            OptionSpec("ssl_certificate", .path, doc: "server certificate (PEM)"),
            OptionSpec("ssl_key", .path, doc: "server private key (PKCS#8 PEM)"),
            OptionSpec("ssl_key_passphrase", .password, doc: "passphrase of ssl_key"),
            OptionSpec("ssl_certificate_authorities", .array(of: .path), default: .array([]), doc: "CAs for client certificates"),
            clientAuthentication,
            supportedProtocols,
            OptionSpec(
                "ssl_cipher_suites", .array(of: .string), default: .array([]),
                status: .noEffect("the TLS library's default suites (all of them forward-secret AEAD suites) are offered"),
                doc: "cipher suites accepted"),
        ]
    }
}

/// A listening input's TLS settings (the `ssl_*` options beats and tcp share), with the
/// certificate, key and CAs read and checked when the options are decoded.
struct ServerTLS: Sendable, Equatable {
    let certificate: String
    let key: String
    let authorities: [String]
    let clientAuthentication: String
    let configuration: TLSConfiguration

    /// `nil` when `ssl_enabled` is off. `clientAuthentication` overrides the setting (the tcp
    /// input's default depends on whether CAs are given).
    init?(_ options: OptionReader, clientAuthentication: String? = nil) throws {
        guard options.bool("ssl_enabled") else { return nil }
        guard let certificatePath = options.optionalString("ssl_certificate") else {
            throw TLSMaterial.Invalid(setting: "ssl_enabled", message: "ssl_enabled needs ssl_certificate and ssl_key", hint: nil)
        }
        guard let keyPath = options.optionalString("ssl_key") else {
            throw TLSMaterial.Invalid(setting: "ssl_enabled", message: "ssl_enabled needs ssl_certificate and ssl_key", hint: nil)
        }
        let chain = try TLSMaterial.certificates([certificatePath], setting: "ssl_certificate")
        let key = try TLSMaterial.privateKey(keyPath, passphrase: options.secret("ssl_key_passphrase")?.value, setting: "ssl_key")
        try TLSMaterial.checkPair(chain, key)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        self.clientAuthentication = clientAuthentication ?? options.string("ssl_client_authentication")
        let clientAuthentication = self.clientAuthentication
        switch clientAuthentication {
        case "required": configuration.certificateVerification = .noHostnameVerification
        case "optional": configuration.certificateVerification = .optionalVerification
        default: configuration.certificateVerification = .none
        }
        authorities = options.strings("ssl_certificate_authorities")
        if !authorities.isEmpty {
            configuration.trustRoots = .certificates(try TLSMaterial.certificates(authorities, setting: "ssl_certificate_authorities"))
        } else if clientAuthentication != "none" {
            throw TLSMaterial.Invalid(
                setting: "ssl_client_authentication", message: "ssl_client_authentication => \"\(clientAuthentication)\" needs ssl_certificate_authorities",
                hint: "the CAs that client certificates are checked against")
        }
        let protocols = options.strings("ssl_supported_protocols")
        for name in protocols where TLSMaterial.version(name) == nil {
            throw TLSMaterial.Invalid(setting: "ssl_supported_protocols", message: "unknown TLS version \"\(name)\"", hint: "TLSv1.1, TLSv1.2, TLSv1.3")
        }
        if let versions = TLSMaterial.range(protocols) {
            configuration.minimumTLSVersion = versions.minimum
            configuration.maximumTLSVersion = versions.maximum
        }
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSMaterial.Invalid(setting: "ssl_enabled", message: "the TLS settings are refused by the TLS library: \(error)", hint: nil)
        }
        certificate = certificatePath
        self.key = keyPath
        self.configuration = configuration
    }

    /// Decodes the settings as an input's options do: `nil` without `ssl_enabled`, and a problem
    /// in the TLS material recorded at its setting.
    static func decode(_ reader: inout OptionReader, clientAuthentication: String? = nil) -> ServerTLS? {
        let tlsReader = reader
        return reader.attempt("ssl_enabled") { () throws -> ServerTLS? in
            do {
                return try ServerTLS(tlsReader, clientAuthentication: clientAuthentication)
            } catch let invalid as TLSMaterial.Invalid {
                throw OptionError(setting: invalid.setting, invalid.message, hint: invalid.hint)
            }
        } ?? nil
    }

    /// The server context (already made once, successfully, when decoded).
    func context() throws -> NIOSSLContext { try NIOSSLContext(configuration: configuration) }

    static func == (a: ServerTLS, b: ServerTLS) -> Bool {
        a.certificate == b.certificate && a.key == b.key && a.authorities == b.authorities
            && a.clientAuthentication == b.clientAuthentication && a.configuration.bestEffortEquals(b.configuration)
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
