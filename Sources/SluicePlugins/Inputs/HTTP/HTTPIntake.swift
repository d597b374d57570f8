import NIOHTTP1
import SluiceCore

/// What the http input does with a request, apart from the socket: whether it is let in (its
/// credentials, its declared length, its encoding), and the events its body holds. Synchronous,
/// tested without a server.
struct HTTPIntake: Sendable {
    let options: HTTPInputOptions

    /// A request answered with an error instead of events.
    struct Refusal: Error, Sendable, Equatable {
        let status: HTTPResponseStatus
        let message: String
        var headers: [(String, String)] = []

        static func == (a: Refusal, b: Refusal) -> Bool {
            a.status == b.status && a.message == b.message && a.headers.elementsEqual(b.headers, by: { $0 == $1 })
        }
    }

    /// Checks a request's head before its body is read: credentials (401), a declared length past
    /// `max_content_length` (413), a `Content-Encoding` other than gzip, deflate or identity (415).
    func admit(_ head: HTTPRequestHead) -> Refusal? {
        if let expected = options.authorization {
            guard let given = head.headers.first(name: "authorization") else {
                return Refusal(
                    status: .unauthorized, message: "authentication required", headers: [("WWW-Authenticate", "Basic realm=\"Sluice HTTP Input\"")])
            }
            guard Self.sameText(given, expected) else { return Refusal(status: .unauthorized, message: "invalid credentials") }
        }
        let encoding: Gzip.BodyEncoding?
        switch bodyEncoding(of: head) {
        case .success(let found): encoding = found
        case .failure(let refusal): return refusal
        }
        // A compressed body's declared length is not its inflated size: that is checked as it inflates.
        if encoding == nil, let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }), declared > options.maxContentLength {
            return Refusal(status: .payloadTooLarge, message: "the body is larger than max_content_length (\(options.maxContentLength) bytes)")
        }
        return nil
    }

    /// The request's events: the body inflated when compressed (never past `max_content_length`),
    /// read by the codec its media type selects, and each event given the request's fields.
    /// - Throws: `Refusal` (400) for a compressed body that is truncated or corrupt; 413 when it
    ///   inflates past the limit.
    func events(head: HTTPRequestHead, body: UnsafeRawBufferPointer, remoteAddress: String, now: Timestamp) throws(Refusal) -> [Event] {
        var events: [Event]
        let encoding: Gzip.BodyEncoding?
        switch bodyEncoding(of: head) {
        case .success(let found): encoding = found
        case .failure(let refusal): throw refusal
        }
        let codec = self.codec(for: head)
        let bodyBytes: Int
        if let encoding {
            let inflated: [UInt8]
            do {
                inflated = try Gzip.inflateBody(body, encoding: encoding, limit: options.maxContentLength)
            } catch is Gzip.BodyTooLarge {
                throw Refusal(status: .payloadTooLarge, message: "the body inflates past max_content_length (\(options.maxContentLength) bytes)")
            } catch {
                throw Refusal(status: .badRequest, message: "\(error)")
            }
            bodyBytes = inflated.count
            events = inflated.withUnsafeBytes { codec.events(from: $0, now: now) }
        } else {
            bodyBytes = body.count
            events = codec.events(from: body, now: now)
        }
        let fields = HTTPRequestFields(
            head: head, bodyBytes: bodyBytes, remoteAddress: remoteAddress, ecs: options.ecs, headersField: options.requestHeadersField,
            remoteHostField: options.remoteHostField)
        let decoration = options.decoration
        for i in events.indices {
            fields.stamp(&events[i])
            if !decoration.isEmpty { decoration.apply(to: &events[i]) }
        }
        return events
    }

    /// The codec for the request's media type (`Content-Type` without its parameters), else the
    /// `codec` setting's.
    func codec(for head: HTTPRequestHead) -> HTTPBodyCodec {
        guard let type = head.headers.first(name: "content-type") else { return options.defaultCodec }
        let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t").lowercased() } ?? ""
        return options.codecs[media] ?? options.defaultCodec
    }

    private func bodyEncoding(of head: HTTPRequestHead) -> Result<Gzip.BodyEncoding?, Refusal> {
        guard let value = head.headers.first(name: "content-encoding") else { return .success(nil) }
        switch value.trimmingCharacters(in: " \t").lowercased() {
        case "", "identity": return .success(nil)
        case "gzip", "x-gzip": return .success(.gzip)
        case "deflate": return .success(.deflate)
        default:
            return .failure(Refusal(status: .unsupportedMediaType, message: "Content-Encoding \"\(value)\" is not read: send gzip, deflate or identity"))
        }
    }

    /// Compares two texts in time that depends on their lengths only, not on where they differ.
    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

extension String {
    /// The text without the given characters at either end.
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        return String(self.drop(while: { drop.contains($0) }).reversed().drop(while: { drop.contains($0) }).reversed())
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
