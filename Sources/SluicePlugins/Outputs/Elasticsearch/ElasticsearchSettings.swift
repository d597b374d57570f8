import NIOSSL
import SluiceConfig
import SluiceCore

/// The `elasticsearch` output's options, decoded and checked once when the pipeline starts.
struct ElasticsearchSettings: Sendable, Hashable {
    var hosts: [ElasticsearchHost]
    /// `Authorization` header value, when the config sets credentials.
    var authorization: String?
    var customHeaders: [Header]
    /// `?a=b&c=d` (every request), already escaped; empty when none.
    var query: String
    var bulkPath: String
    var healthcheckPath: String
    var compressionLevel: Int32
    var timeout: Duration
    var resurrectDelay: Duration
    var retryPolicy: RetryPolicy
    var connectionsPerHost: Int
    var tls: ElasticsearchTLS?
    /// `proxy`: host and port of an HTTP proxy.
    var proxy: Proxy?
    var document: BulkDocumentSettings
    /// Item statuses that go to the dead-letter file (400, 404 and `dlq_custom_codes`).
    var deadLetterCodes: Set<Int>
    /// Item error types that are dropped with a warning (like 409).
    var dropErrorTypes: Set<String>
    var silencedErrorTypes: Set<String>

    struct Header: Sendable, Hashable {
        var name: String
        var value: String
    }

    struct Proxy: Sendable, Hashable {
        var host: String
        var port: Int
    }

    /// Largest uncompressed body of one request (Logstash's `TARGET_BULK_BYTES`).
    static let targetBulkBytes = 20 * 1024 * 1024

    init(_ options: OptionReader) throws {
        if options.isSet("cloud_id") || options.isSet("cloud_auth") {
            throw Invalid(options.isSet("cloud_id") ? "cloud_id" : "cloud_auth", "cloud_id and cloud_auth are not supported by Sluice yet: set hosts (https://...) and user/password or api_key")
        }
        if options.bool("sniffing") {
            throw Invalid("sniffing", "sniffing is not supported by Sluice: list the nodes in hosts")
        }
        let sslEnabled = options.optionalBool("ssl_enabled")
        let entries = options.strings("hosts")
        let defaultScheme = sslEnabled == true ? "https" : "http"
        let pathOption = options.optionalString("path")
        var hosts: [ElasticsearchHost] = []
        do {
            hosts = try entries.map { try ElasticsearchHost(parsing: $0, defaultScheme: defaultScheme, pathOption: pathOption) }
        } catch {
            throw Invalid("hosts", "\(error)")
        }
        guard !hosts.isEmpty else { throw Invalid("hosts", "hosts is empty") }
        // The scheme is the same for every host: ssl_enabled decides, else the first host's.
        let scheme = sslEnabled.map { $0 ? "https" : "http" } ?? hosts[0].scheme
        for i in hosts.indices { hosts[i].scheme = scheme }
        self.hosts = hosts

        if let user = options.optionalString("user") {
            authorization = "Basic " + Base64.encode(Array("\(user):\(options.secret("password")?.value ?? "")".utf8))
        } else if let apiKey = options.secret("api_key")?.value {
            guard scheme == "https" else {
                throw Invalid("api_key", "api_key needs TLS: set ssl_enabled => true or use https hosts")
            }
            authorization = "ApiKey " + (apiKey.contains(":") ? Base64.encode(Array(apiKey.utf8)) : apiKey)
        } else if let host = hosts.first(where: { $0.user != nil }), let user = host.user {
            authorization = "Basic " + Base64.encode(Array("\(user):\(host.password ?? "")".utf8))
        }
        customHeaders = options.hash("custom_headers").compactMap { entry in entry.value.stringValue.map { Header(name: entry.key, value: $0) } }
        let parameters = options.hash("parameters").compactMap { entry -> String? in
            guard let value = entry.value.stringValue ?? ElasticsearchSettings.text(of: entry.value) else { return nil }
            return "\(ElasticsearchSettings.escapeQuery(entry.key))=\(ElasticsearchSettings.escapeQuery(value))"
        }
        query = parameters.isEmpty ? "" : "&" + parameters.joined(separator: "&")
        var filterPath = "errors,items.*.error,items.*.status"
        if let userFilter = options.optionalString("filter_path"), !userFilter.isEmpty {
            filterPath = userFilter + "," + filterPath
        }
        bulkPath = "/_bulk?filter_path=" + ElasticsearchSettings.escapeQuery(filterPath)
        healthcheckPath = options.optionalString("healthcheck_path") ?? "/"
        if let legacy = options.optionalBool("http_compression"), !options.isSet("compression_level") {
            compressionLevel = legacy ? 1 : 0
        } else {
            let level = options.integer("compression_level")
            guard (0...9).contains(level) else { throw Invalid("compression_level", "compression_level must be 0 to 9") }
            compressionLevel = Int32(level)
        }
        for name in ["timeout", "resurrect_delay", "retry_initial_interval", "retry_max_interval"] where options.double(name) <= 0 {
            throw Invalid(name, "\(name) must be more than 0 seconds")
        }
        timeout = options.seconds("timeout")
        resurrectDelay = options.seconds("resurrect_delay")
        let initial = options.seconds("retry_initial_interval")
        let maximum = options.seconds("retry_max_interval")
        retryPolicy = RetryPolicy(initialDelay: initial, maximumDelay: max(initial, maximum), jitter: 0.2)
        connectionsPerHost = Int(clamping: max(1, options.integer("pool_max_per_route")))
        tls = scheme == "https" ? try ElasticsearchTLS(options) : nil
        if let proxyText = options.optionalString("proxy"), !proxyText.isEmpty {
            do {
                let parsed = try ElasticsearchHost(parsing: proxyText, defaultScheme: "http", pathOption: nil)
                proxy = Proxy(host: parsed.host, port: parsed.port)
            } catch {
                throw Invalid("proxy", "\(error)")
            }
        }
        document = try BulkDocumentSettings(options)
        deadLetterCodes = Set([400, 404] + ElasticsearchSettings.integers(options.value("dlq_custom_codes")))
        dropErrorTypes = Set(options.strings("drop_error_types"))
        silencedErrorTypes = Set(options.strings("silence_errors_in_log"))
    }

    /// A setting that cannot work, with the setting's name (for `sluice check`'s location).
    struct Invalid: Error, CustomStringConvertible {
        let setting: String
        let description: String

        init(_ setting: String, _ description: String) {
            self.setting = setting
            self.description = description
        }
    }

    static func integers(_ value: OptionValue?) -> [Int] {
        guard case .array(let list)? = value else { return [] }
        return list.compactMap { if case .integer(let n) = $0 { Int(n) } else { nil } }
    }

    static func text(of value: OptionValue) -> String? {
        switch value {
        case .integer(let n): "\(n)"
        case .float(let d): "\(d)"
        case .boolean(let b): "\(b)"
        default: nil
        }
    }

    /// Percent-escapes what a query string component may not hold.
    static func escapeQuery(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: ","):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// TLS settings of the output, with the certificate files read and checked when decoded (the
/// same material the client then uses).
struct ElasticsearchTLS: Sendable, Hashable {
    var certificateAuthorities: [String]
    var certificate: String?
    var key: String?
    var verify: Bool
    /// The client's TLS configuration, built from the files above.
    let configuration: TLSConfiguration

    init(_ options: OptionReader) throws {
        certificateAuthorities = options.strings("ssl_certificate_authorities")
        certificate = options.optionalString("ssl_certificate")
        key = options.optionalString("ssl_key")
        verify = options.string("ssl_verification_mode") != "none"
        if (certificate == nil) != (key == nil) {
            throw ElasticsearchSettings.Invalid(
                certificate == nil ? "ssl_key" : "ssl_certificate", "ssl_certificate and ssl_key go together: set both or neither")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !certificateAuthorities.isEmpty {
            configuration.trustRoots = .certificates(
                try TLSMaterial.certificates(certificateAuthorities, setting: "ssl_certificate_authorities"))
        }
        if !verify { configuration.certificateVerification = .none }
        if let versions = TLSMaterial.range(options.strings("ssl_supported_protocols")) {
            configuration.minimumTLSVersion = versions.minimum
            configuration.maximumTLSVersion = versions.maximum
        }
        if let certificate, let key {
            let chain = try TLSMaterial.certificates([certificate], setting: "ssl_certificate")
            let privateKey = try TLSMaterial.privateKey(key, passphrase: nil, setting: "ssl_key")
            try TLSMaterial.checkPair(chain, privateKey)
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(privateKey)
        }
        self.configuration = configuration
    }

    static func == (a: ElasticsearchTLS, b: ElasticsearchTLS) -> Bool {
        a.certificateAuthorities == b.certificateAuthorities && a.certificate == b.certificate && a.key == b.key && a.verify == b.verify
            && a.configuration.bestEffortEquals(b.configuration)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(certificateAuthorities)
        hasher.combine(certificate)
        hasher.combine(key)
        hasher.combine(verify)
    }
}
