import NIOHTTP1
import SluiceConfig
import SluiceCore
import SluiceTestSupport
import Testing

@testable import SluicePlugins

/// The http input's request handling without a socket: codecs by media type, the request's fields
/// (ECS and legacy), credentials, limits and compressed bodies.
@Suite struct HTTPIntakeTests {
    func intake(_ settings: String = "") throws -> HTTPIntake {
        HTTPIntake(options: try StageMaker.options(.input, "http { \(settings) }", catalog: BuiltinPlugins.catalog))
    }

    func head(_ method: HTTPMethod = .POST, _ uri: String = "/logs?x=1", _ headers: [(String, String)] = []) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders(headers))
    }

    func events(_ intake: HTTPIntake, _ body: String, type: String?, headers: [(String, String)] = []) throws -> [Event] {
        let all = (type.map { [("Content-Type", $0)] } ?? []) + headers
        return try Array(body.utf8).withUnsafeBytes { bytes in
            try intake.events(head: head(.POST, "/logs?x=1", all), body: bytes, remoteAddress: "10.1.2.3", now: .now())
        }
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    @Test func applicationJSONAnObjectIsOneEventAndAnArrayMany() throws {
        let intake = try intake()
        #expect(try events(intake, #"{"a":1}"#, type: "application/json").map { $0.fields["a"] } == [1])
        #expect(try events(intake, #"[{"a":1},{"a":2},{"a":3}]"#, type: "application/json").map { $0.fields["a"] } == [1, 2, 3])
        #expect(try events(intake, "  \n", type: "application/json").isEmpty)
    }

    @Test func applicationNDJSONIsOneEventPerLine() throws {
        let got = try events(try intake(), "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}", type: "application/x-ndjson")
        #expect(got.map { $0.fields["n"] } == [1, 2, 3])
    }

    @Test func textPlainIsOneEventPerBody() throws {
        let got = try events(try intake(), "line one\nline two\n", type: "text/plain")
        #expect(got.map { $0.fields["message"] } == ["line one\nline two\n"])
        #expect(try events(try intake(), "no type at all", type: nil).map { $0.fields["message"] } == ["no type at all"])
    }

    @Test func theMediaTypeIgnoresItsParametersAndCase() throws {
        let got = try events(try intake(), #"{"a":1}"#, type: "Application/JSON; charset=utf-8")
        #expect(got.first?.fields["a"] == 1)
    }

    @Test func additionalCodecsChooseByMediaTypeAndCodecIsTheFallback() throws {
        let intake = try intake(#"codec => json additional_codecs => { "text/plain" => "line" }"#)
        #expect(try events(intake, "a\nb", type: "text/plain").map { $0.fields["message"] } == ["a", "b"])
        // additional_codecs replaces the default table: application/json now falls back to `codec`.
        #expect(try events(intake, #"{"a":1}"#, type: "application/json").first?.fields["a"] == 1)
        #expect(try events(intake, #"{"b":2}"#, type: "application/whatever").first?.fields["b"] == 2)
    }

    @Test func aBodyThatIsNotJSONIsKeptTaggedJsonparsefailure() throws {
        for body in [#"{"a":"#, "42", #"[1,2]"#] {
            let got = try events(try intake(), body, type: "application/json")
            #expect(got.count == 1)
            #expect(got.first?.fields["message"] == .string(body))
            #expect(got.first?.fields["tags"] == ["_jsonparsefailure"])
        }
    }

    /// ECS v8 (the default): the request in `[http]`, `[url]`, `[user_agent]`, the client in
    /// `[host][ip]`, the headers in `[@metadata][input][http][request][headers]`.
    @Test func ecsFieldsDescribeTheRequest() throws {
        let got = try events(
            try intake(), #"{"a":1}"#, type: "application/json",
            headers: [("Host", "logs.example.com:8080"), ("User-Agent", "curl/8.5.0"), ("X-Request-Id", "r-1"), ("Authorization", "Basic eDp5")])
        let event = try #require(got.first)
        #expect(field(event, "[http][method]") == "POST")
        #expect(field(event, "[http][version]") == "HTTP/1.1")
        #expect(field(event, "[http][request][mime_type]") == "application/json")
        #expect(field(event, "[http][request][body][bytes]") == "7")
        #expect(field(event, "[url][domain]") == "logs.example.com")
        #expect(field(event, "[url][port]") == 8080)
        #expect(field(event, "[url][path]") == "/logs?x=1")
        #expect(field(event, "[user_agent][original]") == "curl/8.5.0")
        #expect(field(event, "[host][ip]") == "10.1.2.3")
        #expect(field(event, "[@metadata][input][http][request][headers][x_request_id]") == "r-1")
        #expect(field(event, "[@metadata][input][http][request][headers][request_method]") == "POST")
        #expect(field(event, "[@metadata][input][http][request][headers][authorization]") == nil)
        #expect(event.fields["headers"] == nil)
    }

    /// `ecs_compatibility => disabled`: Logstash's `headers` hash and `host`.
    @Test func legacyFieldsPutTheHeadersAtTheTopLevel() throws {
        let got = try events(
            try intake("ecs_compatibility => disabled"), "hello", type: "text/plain", headers: [("Host", "localhost:8080"), ("Accept", "*/*")])
        let event = try #require(got.first)
        #expect(event.fields["host"] == "10.1.2.3")
        #expect(field(event, "[headers][http_host]") == "localhost:8080")
        #expect(field(event, "[headers][http_accept]") == "*/*")
        #expect(field(event, "[headers][http_user_agent]") == .null)
        #expect(field(event, "[headers][request_method]") == "POST")
        #expect(field(event, "[headers][request_path]") == "/logs?x=1")
        #expect(field(event, "[headers][http_version]") == "HTTP/1.1")
        #expect(field(event, "[headers][content_type]") == "text/plain")
        #expect(field(event, "[headers][content_length]") == "5")
        #expect(event.fields["http"] == nil && event.fields["url"] == nil)
    }

    @Test func remoteHostAndRequestHeadersTargetFields() throws {
        let got = try events(try intake("remote_host_target_field => client request_headers_target_field => \"[req]\""), "x", type: nil)
        #expect(got.first?.fields["client"] == "10.1.2.3")
        #expect(field(try #require(got.first), "[req][request_method]") == "POST")
    }

    @Test func theHostHeaderSplitsIntoDomainAndPort() {
        #expect(HTTPRequestFields.domainAndPort("example.com:8080") == ("example.com", 8080))
        #expect(HTTPRequestFields.domainAndPort("[2001:db8::1]:9000") == ("2001:db8::1", 9000))
        #expect(HTTPRequestFields.domainAndPort("example.com") == ("example.com", nil))
        #expect(HTTPRequestFields.domainAndPort("2001:db8::1") == ("2001:db8::1", nil))
        #expect(HTTPRequestFields.domainAndPort("example.com:http") == ("example.com:http", nil))
    }

    /// Basic authentication: no credentials → 401 asking for them; wrong ones → 401; right ones pass.
    @Test func basicAuthenticationIsRequiredWhenUserAndPasswordAreSet() throws {
        let intake = try intake(#"user => "app" password => "s3cret""#)
        let missing = intake.admit(head())
        #expect(missing?.status == .unauthorized)
        #expect(missing?.headers.first?.0 == "WWW-Authenticate")
        let wrong = "Basic " + Base64.encode(Array("app:guess".utf8))
        #expect(intake.admit(head(.POST, "/", [("Authorization", wrong)]))?.status == .unauthorized)
        let right = "Basic " + Base64.encode(Array("app:s3cret".utf8))
        #expect(intake.admit(head(.POST, "/", [("Authorization", right)])) == nil)
        #expect(try self.intake().admit(head()) == nil)
    }

    @Test func aDeclaredLengthPastMaxContentLengthIs413() throws {
        let intake = try intake("max_content_length => 10")
        #expect(intake.admit(head(.POST, "/", [("Content-Length", "11")]))?.status == .payloadTooLarge)
        #expect(intake.admit(head(.POST, "/", [("Content-Length", "10")])) == nil)
    }

    @Test func anUnknownContentEncodingIs415() throws {
        #expect(try intake().admit(head(.POST, "/", [("Content-Encoding", "br")]))?.status == .unsupportedMediaType)
    }

    @Test func gzipAndDeflateBodiesAreInflated() throws {
        let body = Array("{\"n\":1}\n{\"n\":2}\n".utf8)
        let gzipped = try body.withUnsafeBytes { try Gzip.member($0) }
        // The member's deflate data, between its 10-byte header and 8-byte trailer: raw deflate,
        // as some clients send `Content-Encoding: deflate`.
        let rawDeflate = Array(gzipped[10..<(gzipped.count - 8)])
        for (encoding, bytes) in [("gzip", gzipped), ("deflate", rawDeflate)] {
            let got = try bytes.withUnsafeBytes {
                try intake().events(
                    head: head(.POST, "/", [("Content-Type", "application/x-ndjson"), ("Content-Encoding", encoding)]), body: $0,
                    remoteAddress: "::1", now: .now())
            }
            #expect(got.map { $0.fields["n"] } == [1, 2])
            #expect(field(try #require(got.first), "[http][request][body][bytes]") == .string("\(body.count)"))
        }
    }

    @Test func aTruncatedGzipBodyIs400() throws {
        let gzipped = try Array(String(repeating: "hello ", count: 200).utf8).withUnsafeBytes { try Gzip.member($0) }
        let truncated = Array(gzipped.prefix(gzipped.count / 2))
        #expect(throws: HTTPIntake.Refusal.self) {
            try truncated.withUnsafeBytes { try intake().events(head: head(.POST, "/", [("Content-Encoding", "gzip")]), body: $0, remoteAddress: "", now: .now()) }
        }
        let refusal = truncated.withUnsafeBytes { bytes -> HTTPIntake.Refusal? in
            do {
                _ = try intake().events(head: head(.POST, "/", [("Content-Encoding", "gzip")]), body: bytes, remoteAddress: "", now: .now())
                return nil
            } catch let refusal as HTTPIntake.Refusal { return refusal } catch { return nil }
        }
        #expect(refusal?.status == .badRequest)
    }

    /// A small gzip body that inflates past the limit stops there: 413, memory bounded.
    @Test func aGzipBombStopsAtMaxContentLength() throws {
        let bomb = try [UInt8](repeating: 0x41, count: 8 << 20).withUnsafeBytes { try Gzip.member($0, level: 9) }
        #expect(bomb.count < 64 << 10)
        let intake = try intake("max_content_length => 1048576")
        let status = bomb.withUnsafeBytes { bytes -> HTTPResponseStatus? in
            do {
                _ = try intake.events(head: head(.POST, "/", [("Content-Encoding", "gzip")]), body: bytes, remoteAddress: "", now: .now())
                return nil
            } catch let refusal as HTTPIntake.Refusal { return refusal.status } catch { return nil }
        }
        #expect(status == .payloadTooLarge)
    }

    @Test func invalidUTF8IsReplacedNotRefused() throws {
        let got = try [UInt8]([0x61, 0xFF, 0xFE, 0x62]).withUnsafeBytes {
            try intake().events(head: head(.POST, "/", [("Content-Type", "text/plain")]), body: $0, remoteAddress: "", now: .now())
        }
        #expect(got.first?.fields["message"] == "a\u{FFFD}\u{FFFD}b")
    }

    /// A JSON document nested past the parser's depth limit is kept as text, tagged.
    @Test func aJSONBombIsTaggedNotCrashed() throws {
        let bomb = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let got = try events(try intake(), bomb, type: "application/json")
        #expect(got.count == 1 && got.first?.fields["tags"] == ["_jsonparsefailure"])
    }

    @Test func settingsLogstashRefusesAreConfigErrors() {
        for settings in [
            "response_code => 302", #"user => "u""#, #"password => "p""#, #"ssl_keystore_path => "/x.jks""#, "max_pending_requests => 0",
            #"additional_codecs => { "text/csv" => "csv" }"#,
        ] {
            #expect(throws: (any Error).self, "\(settings)") {
                try StageMaker.stage(.input, "http { \(settings) }", catalog: BuiltinPlugins.catalog)
            }
        }
    }
}
