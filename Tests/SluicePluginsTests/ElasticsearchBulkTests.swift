import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The pure parts of the elasticsearch output: hosts, index names, request bodies, responses.
@Suite struct ElasticsearchBulkTests {
    @Test(arguments: [
        ("//127.0.0.1", "http://127.0.0.1:9200", nil as String?),
        ("es1", "http://es1:9200", nil),
        ("es1:9201", "http://es1:9201", nil),
        ("https://elastic:p%40ss@es.example.com:9243/prefix/", "https://es.example.com:9243/prefix", "elastic"),
        ("[::1]:9200", "http://[::1]:9200", nil),
    ])
    func hostsAreReadInEveryFormLogstashAccepts(text: String, url: String, user: String?) throws {
        let host = try ElasticsearchHost(parsing: text, defaultScheme: "http", pathOption: nil)
        #expect(host.baseURL == url)
        #expect(host.user == user)
        if user != nil { #expect(host.password == "p@ss") }
    }

    @Test func thePathOptionPrefixesHostsWithoutAPath() throws {
        let host = try ElasticsearchHost(parsing: "es1:9200", defaultScheme: "http", pathOption: "proxy/es")
        #expect(host.baseURL == "http://es1:9200/proxy/es")
    }

    @Test func badHostsAreErrorsThatHideThePassword() {
        #expect(throws: ElasticsearchHost.Invalid.self) { try ElasticsearchHost(parsing: "ftp://es1", defaultScheme: "http", pathOption: nil) }
        do {
            _ = try ElasticsearchHost(parsing: "http://u:hunter2@es1:notaport", defaultScheme: "http", pathOption: nil)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test(arguments: [
        ("choreoai-logs-2024.01.15", nil as String?),
        ("Logs", "lowercase"), ("_logs", "must not start"), ("-x", "must not start"), ("a b", "must not contain"),
        ("a/b", "must not contain"), ("a,b", "must not contain"), ("logs-%{[service]}", "placeholder"), ("..", "'.'"),
        ("", "empty"),
    ])
    func indexNamesFollowElasticsearchsRules(name: String, problem: String?) {
        let found = IndexName.problem(name)
        if let problem {
            #expect(found?.contains(problem) == true, "\(name): \(found ?? "accepted")")
        } else {
            #expect(found == nil)
        }
    }

    func documentSettings(_ block: String) throws -> BulkDocumentSettings {
        let stage = try StageMaker.stage(.output, "elasticsearch { \(block) }", catalog: BuiltinPlugins.catalog)
        return try BulkDocumentSettings(OptionReader(pluginName: "elasticsearch", kind: .output, options: stage.options))
    }

    func body(_ block: String, _ events: [Event], target: Int = ElasticsearchSettings.targetBulkBytes) throws -> (String, BulkRequestBuilder.Plan) {
        var builder = BulkRequestBuilder(settings: try documentSettings(block), targetBytes: target)
        var sink = ByteSink()
        let plan = builder.build(events, into: &sink)
        return (sink.string, plan)
    }

    let event = Event(constructingFrom: ["id": "a1", "user": "u7", "n": 1], now: Timestamp(iso8601: "2024-01-15T10:00:00Z")!)

    @Test func eachEventIsAnActionLineAndItsDocumentAsLogstashSendsThem() throws {
        let (text, plan) = try body("index => \"logs-%{+YYYY.MM.dd}\"", [event])
        #expect(
            text == """
                {"index":{"_id":null,"_index":"logs-2024.01.15","routing":null}}
                {"@timestamp":"2024-01-15T10:00:00.000Z","id":"a1","user":"u7","n":1,"@version":"1"}

                """)
        #expect(plan.requests.map(\.positions) == [[0]])
    }

    @Test func idRoutingPipelineAndUpdatesGoInTheActionLine() throws {
        let (text, _) = try body(
            "index => \"logs\" action => \"update\" document_id => \"%{id}\" routing => \"%{user}\" pipeline => \"p1\" doc_as_upsert => true",
            [event])
        let lines = text.split(separator: "\n")
        #expect(lines[0] == #"{"update":{"_id":"a1","_index":"logs","routing":"u7","pipeline":"p1","retry_on_conflict":1}}"#)
        #expect(lines[1].hasPrefix(#"{"doc":{"@timestamp""#) && lines[1].hasSuffix(#"},"doc_as_upsert":true}"#))
        let (deleted, _) = try body("index => \"logs\" action => \"delete\" document_id => \"%{id}\"", [event])
        #expect(deleted == #"{"delete":{"_id":"a1","_index":"logs","routing":null}}"# + "\n")
    }

    @Test func withoutAnIndexECSMeansADataStreamAndDisabledMeansLogstashDailyIndices() throws {
        let (stream, _) = try body("", [event])
        #expect(stream.hasPrefix(#"{"create":{"_id":null,"_index":"logs-generic-default","routing":null}}"#))
        #expect(stream.contains(#""data_stream":{"type":"logs","dataset":"generic","namespace":"default"}"#))
        let (plain, _) = try body("ecs_compatibility => disabled", [event])
        #expect(plain.hasPrefix(#"{"index":{"_id":null,"_index":"logstash-2024.01.15""#))
        #expect(throws: (any Error).self) { try documentSettings("data_stream => \"true\" index => \"x\"") }
    }

    @Test func anActionFromAFieldMustBeOneOfTheFour() throws {
        let events = [
            Event(constructingFrom: ["op": "create"], now: .now()), Event(constructingFrom: ["op": "upsert"], now: .now()),
        ]
        let (text, plan) = try body("index => \"logs\" action => \"%{op}\"", events)
        #expect(text.hasPrefix(#"{"create":"#))
        #expect(plan.rejections.map(\.position) == [1])
    }

    @Test func requestsAreSplitBeforeTheyPassTheTargetAndABigActionGoesAlone() throws {
        let small = Event(constructingFrom: ["m": .string(String(repeating: "a", count: 100))], now: .now())
        let big = Event(constructingFrom: ["m": .string(String(repeating: "b", count: 1_000))], now: .now())
        let (_, plan) = try body("index => \"logs\"", [small, small, small, big, small], target: 500)
        #expect(plan.requests.map(\.positions) == [[0, 1], [2], [3], [4]])
        let sizes = plan.requests.map(\.bytes.count)
        #expect(sizes[0] <= 500 && sizes[1] <= 500 && sizes[2] > 500)
        // The ranges tile the body.
        #expect(zip(plan.requests, plan.requests.dropFirst()).allSatisfy { $0.bytes.upperBound == $1.bytes.lowerBound })
    }

    @Test func responsesAreReadItemByItem() throws {
        let text = #"{"errors":true,"items":[{"index":{"status":201}},{"create":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}]}"#
        let response = try Array(text.utf8).withUnsafeBytes { try BulkResponse(parsing: $0) }
        #expect(response.errors)
        #expect(response.items == [.init(status: 201), .init(status: 429, errorType: "es_rejected_execution_exception", reason: "queue full")])
        #expect(throws: BulkResponse.Malformed.self) { try Array("{\"items\":[]}".utf8).withUnsafeBytes { try BulkResponse(parsing: $0) } }
        #expect(throws: BulkResponse.Malformed.self) { try Array("<html>".utf8).withUnsafeBytes { try BulkResponse(parsing: $0) } }
    }

    @Test func itemStatusesDecideEachEventsFate() {
        func verdict(_ status: Int, _ type: String? = nil) -> ItemVerdict {
            ItemVerdict(status: status, errorType: type, deadLetterCodes: [400, 404, 422], dropErrorTypes: ["strict_dynamic_mapping_exception"])
        }
        #expect(verdict(200) == .indexed && verdict(201) == .indexed)
        #expect(verdict(409) == .dropped && verdict(400, "strict_dynamic_mapping_exception") == .dropped)
        #expect(verdict(400) == .deadLetter && verdict(404) == .deadLetter && verdict(422) == .deadLetter)
        #expect(verdict(429) == .retry && verdict(500) == .retry && verdict(503) == .retry && verdict(413) == .retry)
    }

    @Test func base64MatchesRFC4648() {
        #expect(Base64.encode(Array("".utf8)) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }
}
