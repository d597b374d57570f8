import NIOHTTP1
import SluiceCore

/// What a request says about itself, as logstash-input-http puts it on each of its events: the
/// headers (names lowercased, `-` as `_`; `accept`, `host` and `user_agent` as `http_accept`,
/// `http_host`, `http_user_agent`; plus `request_method`, `request_path` (the URI, query
/// included), `http_version`; never `authorization`) at the headers field, the client's address at
/// the remote host field, and with ECS the copies in `[http]`, `[url]` and `[user_agent]`. Made once
/// per request; every event of the request gets the same values.
struct HTTPRequestFields: Sendable {
    /// The fields under one top-level key (`http`, `url`, `[@metadata][input]`, ...): the whole
    /// subtree made once, for the events that do not have that key yet (nearly all: one assignment,
    /// its storage shared), and the paths one by one for those that do.
    private struct Group: Sendable {
        let root: FieldPath
        let subtree: Value?
        let assignments: [(FieldPath, Value)]
    }

    private let groups: [Group]

    private static let ecsPaths = (
        version: try! FieldPath(parsing: "[http][version]"), userAgent: try! FieldPath(parsing: "[user_agent][original]"),
        domain: try! FieldPath(parsing: "[url][domain]"), port: try! FieldPath(parsing: "[url][port]"),
        method: try! FieldPath(parsing: "[http][method]"), path: try! FieldPath(parsing: "[url][path]"),
        bodyBytes: try! FieldPath(parsing: "[http][request][body][bytes]"), mimeType: try! FieldPath(parsing: "[http][request][mime_type]")
    )

    /// - Parameter bodyBytes: the body's length as received whole (after decompression), Logstash's
    ///   `content_length` (its aggregator sets the header to that).
    init(head: HTTPRequestHead, bodyBytes: Int, remoteAddress: String, ecs: Bool, headersField: FieldPath, remoteHostField: FieldPath) {
        var headers = OrderedObject()
        for (name, value) in head.headers {
            var key = name.lowercased()
            if key == "authorization" || key == "content-encoding" || key == "content-length" || key == "transfer-encoding" { continue }
            key = key.replacing("-", with: "_")
            switch key {
            case "accept", "host", "user_agent": key = "http_" + key
            default: break
            }
            headers[key] = .string(value)
        }
        for key in ["http_accept", "http_host", "http_user_agent"] where headers[key] == nil { headers[key] = .null }
        headers["content_length"] = .string(String(bodyBytes))
        headers["request_method"] = .string(head.method.rawValue)
        headers["request_path"] = .string(head.uri)
        let version = "HTTP/\(head.version.major).\(head.version.minor)"
        headers["http_version"] = .string(version)
        var assignments: [(FieldPath, Value)] = []
        if ecs {
            let paths = Self.ecsPaths
            assignments.append((paths.version, .string(version)))
            if let agent = headers["http_user_agent"], agent != .null { assignments.append((paths.userAgent, agent)) }
            if case .string(let host)? = headers["http_host"] {
                let (domain, port) = Self.domainAndPort(host)
                assignments.append((paths.domain, .string(domain)))
                if let port { assignments.append((paths.port, .int(port))) }
            }
            assignments.append((paths.method, .string(head.method.rawValue)))
            assignments.append((paths.path, .string(head.uri)))
            assignments.append((paths.bodyBytes, .string(String(bodyBytes))))
            if let type = headers["content_type"] { assignments.append((paths.mimeType, type)) }
        }
        assignments.append((headersField, .object(headers)))
        assignments.append((remoteHostField, .string(remoteAddress)))
        var groups: [Group] = []
        var byRoot: [FieldPath: [(FieldPath, Value)]] = [:]
        var order: [FieldPath] = []
        for (path, value) in assignments {
            guard let first = path.segments.first else {
                groups.append(Group(root: path, subtree: nil, assignments: [(path, value)]))
                continue
            }
            let root = FieldPath(root: path.root, segments: [first], text: path.root == .metadata ? "[@metadata][\(first.key)]" : first.key)
            if byRoot[root] == nil { order.append(root) }
            byRoot[root, default: []].append((path, value))
        }
        for root in order {
            let paths = byRoot[root] ?? []
            var scratch = Event(timestamp: nil, fields: OrderedObject())
            for (path, value) in paths { try? scratch.set(path, to: value) }
            groups.append(Group(root: root, subtree: scratch[root], assignments: paths))
        }
        self.groups = groups
    }

    /// Sets the request's fields on `event` (over what the body had there, as Logstash does).
    func stamp(_ event: inout Event) {
        for group in groups {
            if let subtree = group.subtree, event[group.root] == nil {
                try? event.set(group.root, to: subtree)
            } else {
                for (path, value) in group.assignments { try? event.set(path, to: value) }
            }
        }
    }

    /// `example.com:8080` → (`example.com`, 8080); `[2001:db8::1]:8080` → (`2001:db8::1`, 8080);
    /// anything without a numeric port is all domain.
    static func domainAndPort(_ host: String) -> (String, Int64?) {
        guard let colon = host.lastIndex(of: ":") else { return (host, nil) }
        let portText = host[host.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int64(portText) else { return (host, nil) }
        var domain = host[..<colon]
        if domain.hasPrefix("["), domain.hasSuffix("]") {
            domain = domain.dropFirst().dropLast()
        } else if domain.contains(":") || domain.isEmpty {
            return (host, nil)
        }
        return (String(domain), port)
    }
}
