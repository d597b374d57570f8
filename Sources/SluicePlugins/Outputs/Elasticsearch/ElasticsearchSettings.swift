import SluiceConfig
import SluiceCore

/// The `elasticsearch` output's options, decoded and checked once when the pipeline starts.
struct ElasticsearchSettings: Sendable {
    var hosts: [ElasticsearchHost]
    /// `Authorization` header value, when the config sets credentials.
    var authorization: String?
    var customHeaders: [(String, String)]
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
    var proxy: (host: String, port: Int)?
    var document: BulkDocumentSettings
    /// Item statuses that go to the dead-letter file (400, 404 and `dlq_custom_codes`).
    var deadLetterCodes: Set<Int>
    /// Item error types that are dropped with a warning (like 409).
    var dropErrorTypes: Set<String>
    var silencedErrorTypes: Set<String>

    /// Largest uncompressed body of one request (Logstash's `TARGET_BULK_BYTES`).
    static let targetBulkBytes = 20 * 1024 * 1024

    init(_ options: PluginOptions) throws {
        if options.isSet("cloud_id") || options.isSet("cloud_auth") {
            throw Invalid(options.isSet("cloud_id") ? "cloud_id" : "cloud_auth", "cloud_id and cloud_auth are not supported by Sluice yet: set hosts (https://...) and user/password or api_key")
        }
        if options.bool("sniffing") == true {
            throw Invalid("sniffing", "sniffing is not supported by Sluice: list the nodes in hosts")
        }
        let sslEnabled = options.bool("ssl_enabled")
        let entries = options.strings("hosts") ?? ["//127.0.0.1"]
        let defaultScheme = sslEnabled == true ? "https" : "http"
        let pathOption = options.string("path")
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

        if let user = options.string("user") {
            authorization = "Basic " + Base64.encode(Array("\(user):\(options.secret("password")?.value ?? "")".utf8))
        } else if let apiKey = options.secret("api_key")?.value {
            guard scheme == "https" else {
                throw Invalid("api_key", "api_key needs TLS: set ssl_enabled => true or use https hosts")
            }
            authorization = "ApiKey " + (apiKey.contains(":") ? Base64.encode(Array(apiKey.utf8)) : apiKey)
        } else if let host = hosts.first(where: { $0.user != nil }), let user = host.user {
            authorization = "Basic " + Base64.encode(Array("\(user):\(host.password ?? "")".utf8))
        }
        customHeaders = (options.hash("custom_headers") ?? []).compactMap { entry in entry.value.stringValue.map { (entry.key, $0) } }
        let parameters = (options.hash("parameters") ?? []).compactMap { entry -> String? in
            guard let value = entry.value.stringValue ?? ElasticsearchSettings.text(of: entry.value) else { return nil }
            return "\(ElasticsearchSettings.escapeQuery(entry.key))=\(ElasticsearchSettings.escapeQuery(value))"
        }
        query = parameters.isEmpty ? "" : "&" + parameters.joined(separator: "&")
        var filterPath = "errors,items.*.error,items.*.status"
        if let userFilter = options.string("filter_path"), !userFilter.isEmpty {
            filterPath = userFilter + "," + filterPath
        }
        bulkPath = "/_bulk?filter_path=" + ElasticsearchSettings.escapeQuery(filterPath)
        healthcheckPath = options.string("healthcheck_path") ?? "/"
        if let legacy = options.bool("http_compression"), !options.isSet("compression_level") {
            compressionLevel = legacy ? 1 : 0
        } else {
            compressionLevel = Int32(options.integer("compression_level") ?? 1)
        }
        timeout = .milliseconds(Int64((options.double("timeout") ?? 60) * 1000))
        resurrectDelay = .milliseconds(Int64((options.double("resurrect_delay") ?? 5) * 1000))
        let initial = Duration.milliseconds(Int64((options.double("retry_initial_interval") ?? 2) * 1000))
        let maximum = Duration.milliseconds(Int64((options.double("retry_max_interval") ?? 64) * 1000))
        retryPolicy = RetryPolicy(initialDelay: initial, maximumDelay: max(initial, maximum), jitter: 0.2)
        connectionsPerHost = Int(options.integer("pool_max_per_route") ?? 100)
        tls = scheme == "https" ? try ElasticsearchTLS(options) : nil
        if let proxyText = options.string("proxy"), !proxyText.isEmpty {
            do {
                let parsed = try ElasticsearchHost(parsing: proxyText, defaultScheme: "http", pathOption: nil)
                proxy = (parsed.host, parsed.port)
            } catch {
                throw Invalid("proxy", "\(error)")
            }
        }
        document = try BulkDocumentSettings(options)
        deadLetterCodes = Set([400, 404] + ElasticsearchSettings.integers(options["dlq_custom_codes"]))
        dropErrorTypes = Set(options.strings("drop_error_types") ?? [])
        silencedErrorTypes = Set(options.strings("silence_errors_in_log") ?? [])
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

/// TLS settings of the output (certificate files are read when the client is made).
struct ElasticsearchTLS: Sendable {
    var certificateAuthorities: [String]
    var certificate: String?
    var key: String?
    var verify: Bool

    init(_ options: PluginOptions) throws {
        certificateAuthorities = options.strings("ssl_certificate_authorities") ?? []
        certificate = options.string("ssl_certificate")
        key = options.string("ssl_key")
        verify = options.string("ssl_verification_mode") != "none"
        if (certificate == nil) != (key == nil) {
            throw ElasticsearchSettings.Invalid("ssl_key", "ssl_certificate and ssl_key go together: set both or neither")
        }
    }
}
