import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// The elasticsearch output against the test bulk server on 127.0.0.1 (OS-chosen ports).
@Suite struct ElasticsearchOutputTests {
    let context = StageContext(stageID: "es_1", batchSize: 125, dataPath: "/tmp", log: .discarding)

    func output(_ settings: String) throws -> ElasticsearchOutput {
        ElasticsearchOutput(options: try StageMaker.options(.output, "elasticsearch { \(settings) }", catalog: BuiltinPlugins.catalog))
    }

    func event(_ iso: String, _ fields: OrderedObject) -> Event {
        Event(constructingFrom: fields, now: Timestamp(iso8601: iso)!)
    }

    func numbered(_ range: Range<Int>, day: String = "2024-01-15") -> [Event] {
        range.map { event("\(day)T10:00:00Z", ["seq": .int(Int64($0)), "message": .string("event \($0)")]) }
    }

    func seqs(_ documents: [Value]) -> [Int] {
        documents.compactMap { document -> Int? in
            guard case .object(let object) = document, case .int(let n)? = object["seq"] else { return nil }
            return Int(n)
        }
    }

    /// Writes until the output says everything is written, as the runner would (polling with a
    /// deadline instead of backing off).
    func writeUntilDone(_ out: ElasticsearchOutput, _ events: [Event]) async -> Int {
        var pending = events
        var attempts = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            attempts += 1
            switch await out.write(pending, context: context) {
            case .written: return attempts
            case .retry: try? await Task.sleep(for: .milliseconds(10))
            case .retryItems(let positions, _): pending = positions.map { pending[$0] }
            case .partial(let retry, let rejected, _):
                #expect(rejected.isEmpty)
                if retry.isEmpty { return attempts }
                pending = retry.map { pending[$0] }
            case .rejected: Issue.record("unexpected rejection")
            }
        }
        Issue.record("not written in time")
        return attempts
    }

    @Test func eventsOfThreeDaysLandInThreeDailyIndicesWithoutMetadata() async throws {
        let server = try await BulkTestServer.start()
        let out = try output("hosts => [\"\(server.url)\"] index => \"choreoai-logs-%{+YYYY.MM.dd}\"")
        var batch: [Event] = []
        for (i, day) in ["2024-01-15", "2024-01-16", "2024-01-17", "2024-01-15"].enumerated() {
            var e = event("\(day)T23:59:59.500Z", ["seq": .int(Int64(i)), "level": "INFO"])
            e.metadata["secret"] = "never sent"
            batch.append(e)
        }
        #expect(await out.write(batch, context: context) == .written)
        #expect(server.counts == ["choreoai-logs-2024.01.15": 2, "choreoai-logs-2024.01.16": 1, "choreoai-logs-2024.01.17": 1])
        #expect(seqs(server.documents(in: "choreoai-logs-2024.01.15")) == [0, 3])
        let document = try #require(server.documents(in: "choreoai-logs-2024.01.16").first)
        #expect(JSONWriter.string(document).contains("\"@timestamp\":\"2024-01-16T23:59:59.500Z\""))
        #expect(!JSONWriter.string(document).contains("never sent"))
        // Logstash's headers and filter_path; gzip at level 1 by default.
        #expect(server.lastURI.hasPrefix("/_bulk?filter_path=errors%2Citems.*.error%2Citems.*.status") || server.lastURI.hasPrefix("/_bulk?filter_path=errors,items.*.error,items.*.status"))
        #expect(server.lastHeaders["content-encoding"] == "gzip")
        #expect(server.lastHeaders["x-elastic-event-count"] == "4")
        #expect(server.lastHeaders["x-elastic-product-origin"] == "logstash-output-elasticsearch")
        #expect(server.lastHeaders["authorization"] == nil)
        await out.close()
        await server.stop()
    }

    @Test func onlyItemsRejectedWith429AreRetriedInOrderUntilAccepted() async throws {
        let server = try await BulkTestServer.start()
        server.failItems { item in
            guard case .object(let doc)? = item.document, case .int(let seq)? = doc["seq"] else { return nil }
            return seq % 3 == 0 && item.requestNumber <= 2 ? 429 : nil
        }
        let out = try output("hosts => [\"\(server.url)\"] index => \"logs\"")
        let events = numbered(0..<30)
        let first = await out.write(events, context: context)
        guard case .partial(let retry, let rejected, let reason) = first else {
            Issue.record("expected a partial outcome, got \(first)")
            return
        }
        #expect(retry == Array(stride(from: 0, to: 30, by: 3)))
        #expect(rejected.isEmpty)
        #expect(reason.contains("429"))
        let attempts = await writeUntilDone(out, retry.map { events[$0] })
        #expect(attempts == 2)  // the server refuses them once more, then takes them
        let stored = seqs(server.documents(in: "logs"))
        #expect(stored.sorted() == Array(0..<30))  // each exactly once
        #expect(stored.filter { $0 % 3 == 0 } == Array(stride(from: 0, to: 30, by: 3)))  // retried in order
        #expect(server.bulkRequests == 3)
        await out.close()
        await server.stop()
    }

    @Test func wholeRequestFailuresAreRetriedUntilTheClusterRecovers() async throws {
        let server = try await BulkTestServer.start()
        server.failRequests(3, status: 503)
        let out = try output("hosts => [\"\(server.url)\"] index => \"logs\"")
        let events = numbered(0..<10)
        for _ in 0..<3 {
            guard case .retry(let reason) = await out.write(events, context: context) else {
                Issue.record("a 503 must ask for a retry of the whole batch")
                return
            }
            #expect(reason.contains("503"))
        }
        #expect(await out.write(events, context: context) == .written)
        #expect(seqs(server.documents(in: "logs")) == Array(0..<10))
        await out.close()
        await server.stop()
    }

    @Test func mappingConflictsAndBadIndexNamesAreRejectedOthersIndexed() async throws {
        let server = try await BulkTestServer.start()
        let out = try output("hosts => [\"\(server.url)\"] index => \"app-%{[service]}\"")
        let batch = [
            event("2024-01-15T10:00:00Z", ["service": "api", "status": 200]),
            event("2024-01-15T10:00:00Z", ["service": "api", "status": ["code": 200]]),  // number, then object
            event("2024-01-15T10:00:00Z", ["service": "Payments", "status": 200]),  // uppercase
            event("2024-01-15T10:00:00Z", ["status": 200]),  // %{[service]} unresolved
            event("2024-01-15T10:00:00Z", ["service": "api", "status": "201"]),  // numeric text is fine
        ]
        let outcome = await out.write(batch, context: context)
        guard case .partial(let retry, let rejected, _) = outcome else {
            Issue.record("expected a partial outcome, got \(outcome)")
            return
        }
        #expect(retry.isEmpty)
        #expect(Set(rejected.map(\.position)) == [1, 2, 3])
        let reasons = Dictionary(uniqueKeysWithValues: rejected.map { ($0.position, $0.reason) })
        #expect(reasons[1]?.contains("mapper_parsing_exception") == true)
        #expect(reasons[2]?.contains("must be lowercase") == true)
        #expect(reasons[3]?.contains("still contains placeholder") == true)
        #expect(server.counts == ["app-api": 2])
        #expect(server.bulkRequests == 1)  // the bad names never reached the cluster
        await out.close()
        await server.stop()
    }

    @Test func aBatchOver20MiBIsSplitIntoSmallerRequestsWithAndWithoutGzip() async throws {
        for level in [0, 1] {
            let server = try await BulkTestServer.start(countOnly: true)
            let out = try output("hosts => [\"\(server.url)\"] index => \"big\" compression_level => \(level)")
            let filler = String(repeating: "x", count: 10_000)
            let events = (0..<3_000).map { event("2024-01-15T10:00:00Z", ["seq": .int(Int64($0)), "blob": .string(filler)]) }
            #expect(await out.write(events, context: context) == .written)
            #expect(server.counts["big"] == 3_000)
            #expect(server.bulkRequests == 2)
            #expect(server.largestBody <= 20 * 1024 * 1024)
            #expect(server.gzipRequests == (level == 0 ? 0 : 2))
            await out.close()
            await server.stop()
        }
    }

    @Test func basicAuthCustomHeadersAndParametersAreSent() async throws {
        let server = try await BulkTestServer.start()
        let out = try output(
            """
            hosts => ["\(server.url)"] index => "logs" user => "elastic" password => "s3cret"
            custom_headers => { "X-Team" => "ops" } parameters => { "refresh" => "false" }
            """)
        #expect(await out.write(numbered(0..<2), context: context) == .written)
        #expect(server.lastHeaders["authorization"] == "Basic ZWxhc3RpYzpzM2NyZXQ=")
        #expect(server.lastHeaders["x-team"] == "ops")
        #expect(server.lastURI.hasSuffix("&refresh=false"))
        await out.close()
        await server.stop()
    }

    @Test func credentialsInAHostURLAreSentButNeverShownInErrors() async throws {
        let server = try await BulkTestServer.start()
        server.failRequests(1, status: 500)
        let out = try output("hosts => [\"http://elastic:s3cret@127.0.0.1:\(server.port)\"] index => \"logs\"")
        guard case .retry(let reason) = await out.write(numbered(0..<1), context: context) else {
            Issue.record("a 500 must ask for a retry")
            return
        }
        #expect(!reason.contains("s3cret"))
        #expect(await out.write(numbered(0..<1), context: context) == .written)
        #expect(server.lastHeaders["authorization"] == "Basic ZWxhc3RpYzpzM2NyZXQ=")
        await out.close()
        await server.stop()
    }

    @Test func anAPIKeyWithoutTLSIsAConfigurationError() throws {
        #expect(throws: (any Error).self) {
            _ = try output("hosts => [\"http://127.0.0.1:9200\"] api_key => \"id:key\"")
        }
    }

    @Test func trafficMovesOffADeadHostAndBackWhenItRecovers() async throws {
        let servers = [try await BulkTestServer.start(), try await BulkTestServer.start(), try await BulkTestServer.start()]
        servers[2].refuseConnections(true)
        let hosts = servers.map { "\"\($0.url)\"" }.joined(separator: ", ")
        let out = try output("hosts => [\(hosts)] index => \"logs\" resurrect_delay => 0.05")
        for n in 0..<20 { _ = await writeUntilDone(out, numbered(n * 5..<(n + 1) * 5)) }
        // No bulk request went to the dead host: one would have failed and been counted. Counted,
        // not timed by attempts: on a loaded machine a first health check of a living host may
        // time out, which delays writes (no living host yet) but sends nothing to the dead one.
        #expect(context.metrics.snapshot.total(ElasticsearchMetric.hostMarkedDead.rawValue) == 0)
        #expect(servers[2].totalDocuments == 0)
        #expect(servers[0].totalDocuments + servers[1].totalDocuments == 100)
        #expect(servers[0].totalDocuments > 0 && servers[1].totalDocuments > 0)
        // The host comes back: the background check finds it and it gets requests again.
        servers[2].refuseConnections(false)
        let deadline = ContinuousClock.now + .seconds(60)
        var n = 20
        while servers[2].totalDocuments == 0 && ContinuousClock.now < deadline {
            _ = await writeUntilDone(out, numbered(n * 5..<(n + 1) * 5))
            n += 1
        }
        #expect(servers[2].totalDocuments > 0)
        // Another host goes down mid-stream: one retry, then the others take everything.
        servers[0].refuseConnections(true)
        let before = servers.map(\.totalDocuments).reduce(0, +)
        for m in 0..<10 { _ = await writeUntilDone(out, numbered((n + m) * 5..<(n + m + 1) * 5)) }
        #expect(servers.map(\.totalDocuments).reduce(0, +) == before + 50)
        await out.close()
        for server in servers { await server.stop() }
    }

    @Test func withNoHostUpTheOutputAsksForRetriesAndDeliversOnceOneComesUp() async throws {
        let server = try await BulkTestServer.start()
        server.refuseConnections(true)
        let out = try output("hosts => [\"\(server.url)\"] index => \"logs\" resurrect_delay => 0.05")
        guard case .retry = await out.write(numbered(0..<3), context: context) else {
            Issue.record("no living host must ask for a retry")
            return
        }
        server.refuseConnections(false)
        #expect(await writeUntilDone(out, numbered(0..<3)) >= 1)
        #expect(seqs(server.documents(in: "logs")) == [0, 1, 2])
        await out.close()
        await server.stop()
    }

    @Test func httpsWithATestCAAPIKeyAndMutualTLS() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let server = try await BulkTestServer.start(tls: certificates)
        // timeout => 300: on a CI machine loaded by the parallel suites a TLS request in a debug
        // build once took longer than the default 60 s; what is tested here is TLS, not timing.
        let trusted = try output(
            #"hosts => ["\#(server.url)"] index => "logs" timeout => 300 ssl_certificate_authorities => ["\#(certificates.caCertificate)"] api_key => "id1:k3y""#)
        #expect(await trusted.write(numbered(0..<2), context: context) == .written)
        #expect(server.lastHeaders["authorization"] == "ApiKey aWQxOmszeQ==")
        await trusted.close()

        // A certificate the output cannot verify is a failed connection, never a silent success.
        let untrusted = try output(#"hosts => ["\#(server.url)"] index => "logs""#)
        guard case .retry = await untrusted.write(numbered(2..<3), context: context) else {
            Issue.record("an unverifiable certificate must fail the request")
            return
        }
        await untrusted.close()
        let unchecked = try output(#"hosts => ["\#(server.url)"] index => "logs" timeout => 300 ssl_verification_mode => "none""#)
        #expect(await unchecked.write(numbered(2..<3), context: context) == .written)
        await unchecked.close()
        #expect(server.totalDocuments == 3)
        await server.stop()

        let mutual = try await BulkTestServer.start(tls: certificates, requireClientCertificate: true)
        let anonymous = try output(
            #"hosts => ["\#(mutual.url)"] index => "logs" ssl_certificate_authorities => ["\#(certificates.caCertificate)"]"#)
        guard case .retry = await anonymous.write(numbered(0..<1), context: context) else {
            Issue.record("a server that requires a client certificate must refuse one without")
            return
        }
        await anonymous.close()
        let identified = try output(
            """
            hosts => ["\(mutual.url)"] index => "logs" ssl_certificate_authorities => ["\(certificates.caCertificate)"]
            ssl_certificate => "\(certificates.clientCertificate)" ssl_key => "\(certificates.clientKey)"
            """)
        #expect(await identified.write(numbered(0..<1), context: context) == .written)
        #expect(mutual.totalDocuments == 1)
        await identified.close()
        await mutual.stop()
    }
}
