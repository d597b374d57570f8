/// One entry of `hosts`: where requests go, and the credentials written in its URL.
///
/// Accepts Logstash's forms: `host`, `host:port`, `//host`, `[::1]:9200` and full URLs with
/// credentials and a path prefix (`https://user:pass@es.example.com:9243/prefix`). Missing parts take
/// port 9200 and the `path` option as prefix.
struct ElasticsearchHost: Sendable, Hashable, CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int
    /// Path prefix without a trailing slash (`""` or `/prefix`).
    var pathPrefix: String
    var user: String?
    var password: String?

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(parsing text: String, defaultScheme: String, pathOption: String?) throws(Invalid) {
        var rest = Substring(text)
        var scheme = defaultScheme
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        }
        guard scheme == "http" || scheme == "https" else {
            throw Invalid(description: "host \(ElasticsearchHost.redacted(text)): the scheme must be http or https")
        }
        var authority = rest
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = String(rest[slash...])
        }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = ElasticsearchHost.percentDecoded(credentials[..<colon])
                password = ElasticsearchHost.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                user = ElasticsearchHost.percentDecoded(credentials)
            }
        }
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Invalid(description: "host \(ElasticsearchHost.redacted(text)): unterminated [ in an IPv6 address")
            }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw Invalid(description: "host \(ElasticsearchHost.redacted(text)) has no host name") }
        host = String(hostPart)
        if let portPart {
            guard let port = Int(portPart), (1...65_535).contains(port) else {
                throw Invalid(description: "host \(ElasticsearchHost.redacted(text)): \"\(portPart)\" is not a port")
            }
            self.port = port
        } else {
            port = 9200
        }
        if path == "/" || path.isEmpty { path = pathOption ?? "" }
        while path.hasSuffix("/") { path.removeLast() }
        if !path.isEmpty && !path.hasPrefix("/") { path = "/" + path }
        pathPrefix = path
        self.scheme = scheme
    }

    /// `scheme://host:port/prefix`, without credentials.
    var baseURL: String { "\(scheme)://\(host):\(port)\(pathPrefix)" }

    var description: String { baseURL }

    /// The text of a `hosts` entry with any password hidden (for error messages).
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        let start = text.firstRange(of: "://")?.upperBound ?? text.startIndex
        let credentials = text[start..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":<secret>" + String(text[at...])
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
