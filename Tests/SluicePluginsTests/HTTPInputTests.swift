import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SluiceConfig
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing

@testable import SluicePlugins

/// The http input on 127.0.0.1 (an OS-chosen port), posted to by clients nobody on the team
/// wrote: curl and Python's urllib.
@Suite(.timeLimit(.minutes(2))) struct HTTPInputTests {
    func start(_ settings: String = "", output: RecordingOutput = RecordingOutput()) async throws -> ListeningInputServer {
        try await ListeningInputServer.start("http", settings: settings, output: output) { BuiltinPlugins.httpInput(onListening: $0) }
    }

    /// A response as curl saw it: the final status, its headers (names lowercased) and body.
    struct Response: Sendable {
        var status = 0
        var headers: [String: String] = [:]
        var body = ""
    }

    /// Runs curl with `arguments` (and `-s -i`), parsing the last response it printed.
    func curl(_ arguments: [String]) async throws -> Response {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-i"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = await out.fileHandleForReading.readAll()
        await process.exited()
        return Self.lastResponse(String(decoding: data, as: UTF8.self))
    }

    static func lastResponse(_ text: String) -> Response {
        var response = Response()
        var rest = Substring(text)
        // Informational (100 Continue) and earlier responses come first; the last one counts.
        while let headEnd = rest.range(of: "\r\n\r\n") {
            let head = rest[..<headEnd.lowerBound]
            var lines = head.split(separator: "\r\n")
            guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else { break }
            lines.removeFirst()
            response.status = Int(statusLine.split(separator: " ")[1]) ?? 0
            response.headers = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                response.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            rest = rest[headEnd.upperBound...]
            if response.status >= 200 && !rest.hasPrefix("HTTP/") { break }
        }
        response.body = String(rest)
        return response
    }

    func url(_ server: ListeningInputServer, _ path: String = "/") -> String { "http://127.0.0.1:\(server.port)\(path)" }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    func scratchFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "sluice-http-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// JSON (an object and an array), NDJSON and a gzip'd NDJSON body, as curl posts them.
    @Test func curlPostsJSONNDJSONAndGzipBodies() async throws {
        let server = try await start()
        let json = try await curl(["-H", "Content-Type: application/json", "--data-binary", #"{"n":1,"kind":"object"}"#, url(server, "/a")])
        #expect(json.status == 200 && json.body == "ok")
        let array = try await curl(["-H", "Content-Type: application/json", "--data-binary", #"[{"n":2},{"n":3}]"#, url(server)])
        #expect(array.status == 200)
        let ndjson = try await curl(["-H", "Content-Type: application/x-ndjson", "--data-binary", "{\"n\":4}\n{\"n\":5}\n", url(server)])
        #expect(ndjson.status == 200)
        let gzipped = try Array("{\"n\":6}\n{\"n\":7}\n".utf8).withUnsafeBytes { try Gzip.member($0) }
        let file = try scratchFile(gzipped)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let compressed = try await curl([
            "-H", "Content-Type: application/x-ndjson", "-H", "Content-Encoding: gzip", "--data-binary", "@\(file)", url(server),
        ])
        #expect(compressed.status == 200)
        let events = try await server.events(count: 7)
        await server.stop()
        #expect(events.map { $0.fields["n"] } == [1, 2, 3, 4, 5, 6, 7])
        #expect(field(events[0], "[url][path]") == "/a" && field(events[0], "[http][method]") == "POST")
        #expect(field(events[0], "[host][ip]") == "127.0.0.1")
        if case .string(let agent)? = field(events[0], "[user_agent][original]") { #expect(agent.hasPrefix("curl/")) } else { Issue.record("no agent") }
    }

    /// Python's urllib: a JSON array, then plain text (one event for the whole body).
    @Test func pythonUrllibPostsJSONAndText() async throws {
        let server = try await start()
        let script = """
            import sys, urllib.request
            url = sys.argv[1]
            for body, kind in [(b'[{"i":1},{"i":2}]', "application/json"), (b"two\\nlines", "text/plain")]:
                request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})
                with urllib.request.urlopen(request) as response:
                    print(response.status, response.read().decode())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url(server, "/py")]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = String(decoding: await out.fileHandleForReading.readAll(), as: UTF8.self)
        await process.exited()
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(printed == "200 ok\n200 ok\n")
        #expect(events.map { $0.fields["i"] ?? $0.fields["message"] } == [1, 2, "two\nlines"])
    }

    /// ack_after_write (the default): while the output has not written the request's events, the
    /// client has no answer; once it wrote them, 200.
    @Test func ackAfterWriteAnswersOnlyOnceTheOutputWrote() async throws {
        let output = RecordingOutput()
        await output.hold()
        let server = try await start(output: output)
        let answered = Locked(false)
        let request = Task {
            let response = try await curl(["-H", "Content-Type: application/json", "--data-binary", #"{"n":1}"#, url(server)])
            answered.withLock { $0 = true }
            return response
        }
        await output.attempted(atLeast: 1)
        #expect(answered.withLock { $0 } == false)
        await output.release()
        let response = try await request.value
        #expect(response.status == 200)
        #expect(await output.written.count == 1)
        await server.stop()
    }

    /// ack_after_write => false: the answer comes once the events are queued, the output still held.
    @Test func withoutAckAfterWriteTheAnswerComesOnceQueued() async throws {
        let output = RecordingOutput()
        await output.hold()
        let server = try await start("ack_after_write => false", output: output)
        let response = try await curl(["--data-binary", "queued", url(server)])
        #expect(response.status == 200)
        #expect(await output.written.isEmpty)
        await output.release()
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["message"] == "queued")
    }

    /// Backpressure: with the pipeline held and `max_pending_requests` requests waiting, the next
    /// one is answered 429 with Retry-After at once; the waiting one still gets its 200.
    @Test func backpressureAnswers429WithRetryAfter() async throws {
        let output = RecordingOutput()
        await output.hold()
        let server = try await start("max_pending_requests => 1", output: output)
        let first = Task { try await curl(["--data-binary", "first", url(server)]) }
        await output.attempted(atLeast: 1)
        let second = try await curl(["--data-binary", "second", url(server)])
        #expect(second.status == 429)
        #expect(second.headers["retry-after"] == "1")
        await output.release()
        #expect(try await first.value.status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["first"])
        let requests = server.pipeline.stats.snapshot.plugins.values.first { $0.total(HTTPInputMetric.requests.rawValue) > 0 }
        #expect(requests?.counters[PluginMetrics.MetricKey(name: HTTPInputMetric.requests.rawValue, labels: #"code="429""#)] == 1)
        #expect(requests?.counters[PluginMetrics.MetricKey(name: HTTPInputMetric.requests.rawValue, labels: #"code="200""#)] == 1)
    }

    @Test func basicAuthenticationRefusesMissingAndWrongCredentials() async throws {
        let server = try await start(#"user => "app" password => "s3cret""#)
        let missing = try await curl(["--data-binary", "x", url(server)])
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
        #expect(try await curl(["-u", "app:wrong", "--data-binary", "x", url(server)]).status == 401)
        #expect(try await curl(["-u", "app:s3cret", "--data-binary", "let in", url(server)]).status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["let in"])
        #expect(field(events[0], "[@metadata][input][http][request][headers][authorization]") == nil)
    }

    /// `Expect: 100-continue`: the server says continue, the client sends its body.
    @Test func expect100ContinueIsAnswered() async throws {
        let server = try await start()
        let body = String(repeating: "x", count: 200_000)
        let file = try scratchFile(Array(body.utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let response = try await curl(["-H", "Expect: 100-continue", "--expect100-timeout", "30", "--data-binary", "@\(file)", url(server)])
        #expect(response.status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["message"] == .string(body))
    }

    @Test func responseCodeAndResponseHeaders() async throws {
        let server = try await start(#"response_code => 204 response_headers => { "X-Sluice" => "yes" }"#)
        let response = try await curl(["--data-binary", "x", url(server)])
        await server.stop()
        #expect(response.status == 204)
        #expect(response.headers["x-sluice"] == "yes")
        #expect(response.body.isEmpty)
    }

    /// Several requests on one keep-alive connection (curl reuses it for the URLs it is given).
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let server = try await start()
        _ = try await curl(["--data-binary", "same", url(server, "/1"), url(server, "/2"), url(server, "/3")])
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(events.map { field($0, "[url][path]") } == ["/1", "/2", "/3"])
        let metrics = server.pipeline.stats.snapshot.plugins.values.first { $0.total(HTTPInputMetric.requests.rawValue) > 0 }
        #expect(metrics?.total(HTTPInputMetric.connectionsAccepted.rawValue) == 1)
    }

    @Test func aChunkedBodyPastMaxContentLengthIs413() async throws {
        let server = try await start("max_content_length => 1000")
        let file = try scratchFile([UInt8](repeating: 0x61, count: 5_000))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let response = try await curl(["-H", "Transfer-Encoding: chunked", "--data-binary", "@\(file)", url(server)])
        #expect(response.status == 413)
        #expect(try await curl(["--data-binary", "small", url(server)]).status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["small"])
    }

    @Test func tlsWithTheServersCertificate() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let server = try await start(
            #"ssl_enabled => true ssl_certificate => "\#(certificates.serverCertificate)" ssl_key => "\#(certificates.serverKey)""#)
        let response = try await curl([
            "--cacert", certificates.caCertificate, "--data-binary", "secret", "https://127.0.0.1:\(server.port)/",
        ])
        #expect(response.status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["message"] == "secret")
    }

    // MARK: hostile input

    /// A client that sends half a request head and stops (slowloris) is cut off at
    /// `request_timeout`; others are served meanwhile.
    @Test func aSlowClientIsCutOffAtTheRequestTimeout() async throws {
        let server = try await start("request_timeout => 1")
        let port = server.port
        let closed = try await offPool { () -> Bool in
            let fd = RawSocket.connect(toLocalPort: port)
            defer { close(fd) }
            _ = RawSocket.exchange(fd, send: Array("POST / HTTP/1.1\r\nHost: slow\r\nContent-Length: 100\r\n".utf8), receive: 0, seconds: 1)
            return RawSocket.waitForClose(fd, seconds: 20)
        }
        #expect(closed)
        #expect(try await curl(["--data-binary", "still served", url(server)]).status == 200)
        _ = try await server.events(count: 1)
        await server.stop()
    }

    /// A 10 MB header line: refused (4xx or closed), the server keeps serving.
    @Test func aTenMegabyteHeaderIsRefusedAndTheServerKeepsServing() async throws {
        let server = try await start()
        let port = server.port
        let answer = try await offPool { () -> String in
            let fd = RawSocket.connect(toLocalPort: port)
            defer { close(fd) }
            let request = "POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 10 << 20) + "\r\n\r\n"
            return String(decoding: RawSocket.exchange(fd, send: Array(request.utf8), receive: 12, seconds: 10), as: UTF8.self)
        }
        #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 4"), "\(answer)")
        #expect(try await curl(["--data-binary", "after", url(server)]).status == 200)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["after"])
    }

    /// A request that is not HTTP gets 400; the server keeps serving.
    @Test func garbageGets400() async throws {
        let server = try await start()
        let port = server.port
        let answer = try await offPool { () -> String in
            let fd = RawSocket.connect(toLocalPort: port)
            defer { close(fd) }
            return String(decoding: RawSocket.exchange(fd, send: Array("\u{01}\u{02} nonsense\r\n\r\n".utf8), receive: 12, seconds: 10), as: UTF8.self)
        }
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        #expect(try await curl(["--data-binary", "after", url(server)]).status == 200)
        _ = try await server.events(count: 1)
        await server.stop()
    }

    /// 1,000 idle connections held open do not stop a new client from being served.
    @Test func manyIdleConnectionsDoNotStopService() async throws {
        let server = try await start()
        let port = server.port
        let sockets = try await offPool { (0..<1_000).map { _ in RawSocket.connect(toLocalPort: port) } }
        defer { for fd in sockets where fd >= 0 { close(fd) } }
        #expect(sockets.allSatisfy { $0 >= 0 })
        #expect(try await curl(["--data-binary", "served", url(server)]).status == 200)
        _ = try await server.events(count: 1)
        await server.stop()
    }
}
