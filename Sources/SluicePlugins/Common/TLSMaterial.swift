import NIOSSL
import SluiceConfig

/// Certificates and keys read and checked when options are decoded, so that `sluice check` finds a
/// missing file, a file that is not PEM, a wrong passphrase or a key that does not belong to its
/// certificate, at the setting that names it.
enum TLSMaterial {
    /// A problem with one setting's file.
    struct Invalid: Error {
        let setting: String
        let message: String
        let hint: String?
    }

    /// Every certificate of the PEM files named by `setting`.
    static func certificates(_ paths: [String], setting: String) throws -> [NIOSSLCertificate] {
        var all: [NIOSSLCertificate] = []
        for path in paths {
            if let problem = FileAccess.unreadableFile(path) { throw Invalid(setting: setting, message: "cannot read \(problem)", hint: nil) }
            do {
                let found = try NIOSSLCertificate.fromPEMFile(path)
                guard !found.isEmpty else { throw Invalid(setting: setting, message: "\(path) holds no certificate", hint: pemHint) }
                all += found
            } catch let invalid as Invalid {
                throw invalid
            } catch {
                throw Invalid(setting: setting, message: "\(path) is not a PEM certificate (\(error))", hint: pemHint)
            }
        }
        return all
    }

    /// The private key in the PEM file at `path`, decrypted with `passphrase` when given.
    static func privateKey(_ path: String, passphrase: String?, setting: String) throws -> NIOSSLPrivateKey {
        if let problem = FileAccess.unreadableFile(path) { throw Invalid(setting: setting, message: "cannot read \(problem)", hint: nil) }
        do {
            if let passphrase {
                return try NIOSSLPrivateKey(file: path, format: .pem) { setter in setter(Array(passphrase.utf8)) }
            }
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw Invalid(
                setting: setting, message: "\(path) is not a readable PEM private key (\(error))",
                hint: passphrase == nil ? "if the key is encrypted, set its passphrase" : "check the passphrase")
        }
    }

    /// Fails when the key does not belong to the first certificate of the chain (the TLS library
    /// compares them when a context is made from both).
    static func checkPair(_ chain: [NIOSSLCertificate], _ key: NIOSSLPrivateKey) throws {
        guard let first = chain.first else { return }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(first)], privateKey: .privateKey(key))
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Invalid(setting: "ssl_key", message: "the key does not match the certificate (\(error))", hint: "use the key the certificate was issued for")
        }
    }

    /// `TLSv1.2` → `.tlsv12`.
    static func version(_ name: String) -> TLSVersion? {
        switch name {
        case "TLSv1.1": .tlsv11
        case "TLSv1.2": .tlsv12
        case "TLSv1.3": .tlsv13
        default: nil
        }
    }

    /// The lowest and highest of the named versions.
    static func range(_ names: [String]) -> (minimum: TLSVersion, maximum: TLSVersion)? {
        let versions = names.compactMap(version)
        guard let lowest = versions.min(by: { rank($0) < rank($1) }), let highest = versions.max(by: { rank($0) < rank($1) }) else {
            return nil
        }
        return (lowest, highest)
    }

    static func rank(_ version: TLSVersion) -> Int {
        switch version {
        case .tlsv1: 0
        case .tlsv11: 1
        case .tlsv12: 2
        case .tlsv13: 3
        }
    }

    static let pemHint = "a PEM file starts with -----BEGIN CERTIFICATE-----"
}
