import SluiceConfig
@testable import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The json filter's lazy merge (`LazyObject`: string values kept as text until read) must give
/// events indistinguishable from the full parse: same fields in the same order, same JSON, same
/// answers to every read, and the same results after later filters change them.
@Suite struct LazyJSONMergeTests {
    static let now = Timestamp(epochSeconds: 1_705_000_000)

    static let documents: [String] = [
        #"{"timestamp":"2024-01-15T00:00:00.442Z","level":"INFO","logger":"choreoai","message":"Selected provider for request","module":"router","function":"select_provider","line":54,"request_id":"ddcca11d-f1ec-422d-9e8d-b226cfbe53e2","provider":"anthropic","status_code":200}"#,
        #"{"a":"quote \" backslash \\ newline \n tab \t","b":"\u00e9\ud83d\ude00 \ud800 lone","c":"é ü 日本 😀","d":""}"#,
        #"{"nested":{"x":[1,2,{"y":"z"}],"e":{}},"list":["a","b\n"],"empty":[]}"#,
        #"{"i":0,"n":-12,"f":1.5,"e":1e3,"big":123456789012345678901234567890,"neg0":-0,"t":true,"no":false,"nil":null}"#,
        #"{"message":"replaced in place","@version":"2","host":"json-host","extra":"after"}"#,
        #"{"@timestamp":"2024-02-01T10:00:00.000Z","level":"WARN"}"#,
        #"{"@timestamp":"not a time","level":"WARN"}"#,
        #"{"@timestamp":1700000000,"level":"WARN"}"#,
        #"{"dup":"first","other":1,"dup":"second"}"#,
        #"{"a\u0062":"escaped key","ab":"the same key plain","c":1}"#,
        #"{"ab":"plain first","a\u0062":"then escaped"}"#,
        #"{"[a][b]":"ref","plain":"x"}"#,
        #"{"tags":["from-json"],"k":"v"}"#,
        #"{"@metadata":{"m":1},"k":"v"}"#,
        #"{"":"empty key","k":"v"}"#,
        #"  {"spaced" : "out" , "n" : 1 }  "#,
        "\u{FEFF}{\"bom\":\"yes\"}",
        #"{}"#,
        #"["not","an","object"]"#,
        #""just a string""#,
        #"{"broken": "#,
        #"{"ctrl":"a"#,
        "{\"raw control\":\"a\u{01}b\"}",
        #"{"timestamp":"15/Jan/2024:10:30:00 +0100","epoch":"1705314600","epoch_ms":1705314600123}"#,
        "{" + (0..<30).map { "\"k\($0)\":\"v\($0)\"" }.joined(separator: ",") + "}",
        "{" + (0..<24).map { "\"k\($0)\":\"v\($0)\"" }.joined(separator: ",") + "}",
    ]

    /// An event as the file input makes it, with the document in `message`.
    static func event(_ document: String) -> Event {
        var event = Event(message: document, timestamp: now)
        event.fields["event"] = ["original": .string(document)]
        event.fields["host"] = ["name": "shipper"]
        return event
    }

    static func jsonFilter(_ block: String = #"json { source => "message" }"#, lazy: Bool) throws -> JSONFilter {
        var filter = try JSONFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        filter.mergesLazily = lazy
        return filter
    }

    static func filtered(_ document: String, lazy: Bool) throws -> Event {
        var filter = try jsonFilter(lazy: lazy)
        var events = [event(document)]
        filter.filter(&events, context: FilterContext(stageID: "json", now: now))
        return events[0]
    }

    static func expectSame(_ lazy: Event, _ eager: Event, _ note: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(lazy.jsonString == eager.jsonString, "\(note)", sourceLocation: sourceLocation)
        #expect(lazy.fields.keys == eager.fields.keys, "\(note)", sourceLocation: sourceLocation)
        #expect(lazy == eager, "\(note)", sourceLocation: sourceLocation)
        #expect(lazy.tags == eager.tags, "\(note)", sourceLocation: sourceLocation)
    }

    @Test(arguments: documents)
    func lazyMergeEqualsTheFullParse(_ document: String) throws {
        let lazy = try Self.filtered(document, lazy: true)
        let eager = try Self.filtered(document, lazy: false)
        #expect(eager.lazyFields == nil)
        Self.expectSame(lazy, eager, document)
        // Every key reads the same, one by one, and below nested members.
        for key in eager.fields.keys {
            guard let path = try? FieldPath(parsing: "[\(key)]") else { continue }  // "" is no reference
            #expect(lazy[path] == eager[path], "\(key)")
            #expect(lazy.field(key) == eager.field(key), "\(key)")
        }
        for reference in ["[nested][x][2][y]", "[nested][e]", "[list][-1]", "[missing]", "[message]", "[@metadata][m]"] {
            let path = try FieldPath(parsing: reference)
            #expect(lazy[path] == eager[path], "\(reference)")
        }
    }

    @Test func theServiceLogLineTakesTheLazyPathAndKeepsItsStringsAsText() throws {
        let event = try Self.filtered(Self.documents[0], lazy: true)
        let lazy = try #require(event.lazyFields)
        #expect(lazy.keys == ["timestamp", "level", "logger", "module", "function", "line", "request_id", "provider", "status_code"])
        let unread = event.withUnreadText(at: try FieldPath(parsing: "request_id")) { String(decoding: $0, as: UTF8.self) }
        #expect(unread == "ddcca11d-f1ec-422d-9e8d-b226cfbe53e2")
        // `message` was a field before the merge: replaced in place with a value.
        #expect(event.withUnreadText(at: try FieldPath(parsing: "message")) { _ in true } == nil)
        #expect(event.field("message") == "Selected provider for request")
    }

    @Test(arguments: documents)
    func laterChangesGiveTheSameEvents(_ document: String) throws {
        var lazy = try Self.filtered(document, lazy: true)
        var eager = try Self.filtered(document, lazy: false)
        let steps: [(String, (inout Event) throws -> Void)] = [
            ("set a lazy member", { try $0.set(FieldPath(parsing: "level"), to: "ERROR") }),
            ("set below a lazy member", { try $0.set(FieldPath(parsing: "[nested][added]"), to: 1) }),
            ("remove a lazy member", { $0.remove(try FieldPath(parsing: "logger")) }),
            ("remove below a stored field", { $0.remove(try FieldPath(parsing: "[event][original]")) }),
            ("remove a missing field", { $0.remove(try FieldPath(parsing: "[no][such]")) }),
            ("tag", { $0.tag("_custom") }),
            ("set a new field", { try $0.set(FieldPath(parsing: "added"), to: "new") }),
            ("remove the last", { $0.remove(try FieldPath(parsing: "status_code")) }),
        ]
        for (name, step) in steps {
            try step(&lazy)
            try step(&eager)
            Self.expectSame(lazy, eager, "\(name): \(document)")
        }
    }

    @Test func mutateRenameCopyAndAFurtherJSONFilterMatchTheFullPath() throws {
        let block = #"mutate { rename => { "level" => "severity" } copy => { "module" => "[origin][module]" } uppercase => ["provider"] add_field => { "seen" => "%{logger}/%{line}" } }"#
        for document in Self.documents {
            var lazy = [try Self.filtered(document, lazy: true)]
            var eager = [try Self.filtered(document, lazy: false)]
            var mutate = try MutateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
            mutate.filter(&lazy, context: FilterContext(stageID: "m", now: Self.now))
            mutate.filter(&eager, context: FilterContext(stageID: "m", now: Self.now))
            Self.expectSame(lazy[0], eager[0], "mutate: \(document)")
            // A second json filter parses an embedded document into the same event.
            var second = try Self.jsonFilter(#"json { source => "[event][original]" target => "again" }"#, lazy: true)
            second.filter(&lazy, context: FilterContext(stageID: "j", now: Self.now))
            second.filter(&eager, context: FilterContext(stageID: "j", now: Self.now))
            Self.expectSame(lazy[0], eager[0], "second json: \(document)")
            var third = try Self.jsonFilter(#"json { source => "[event][original]" }"#, lazy: true)
            third.filter(&lazy, context: FilterContext(stageID: "j", now: Self.now))
            third.filter(&eager, context: FilterContext(stageID: "j", now: Self.now))
            Self.expectSame(lazy[0], eager[0], "third json: \(document)")
        }
    }

    @Test(arguments: [
        #"date { match => ["timestamp", "ISO8601"] }"#,
        #"date { match => ["timestamp", "dd/MMM/yyyy:HH:mm:ss Z", "ISO8601"] target => "parsed" }"#,
        #"date { match => ["epoch", "UNIX"] }"#,
        #"date { match => ["epoch_ms", "UNIX_MS"] }"#,
        #"date { match => ["level", "ISO8601"] }"#,
    ])
    func theDateFilterReadsUnreadTextAsItReadsStrings(_ block: String) throws {
        for document in Self.documents {
            var lazy = [try Self.filtered(document, lazy: true)]
            var eager = [try Self.filtered(document, lazy: false)]
            var date = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
            date.filter(&lazy, context: FilterContext(stageID: "d", now: Self.now))
            date.filter(&eager, context: FilterContext(stageID: "d", now: Self.now))
            Self.expectSame(lazy[0], eager[0], "\(block): \(document)")
        }
    }

    @Test func randomDocumentsMergeAlikeBothWays() throws {
        var random = SeededRandom(seed: 0x5EED)
        var lazyPaths = 0
        for _ in 0..<2_000 {
            let document = random.document()
            let lazy = try Self.filtered(document, lazy: true)
            let eager = try Self.filtered(document, lazy: false)
            if lazy.lazyFields != nil { lazyPaths += 1 }
            Self.expectSame(lazy, eager, document)
        }
        #expect(lazyPaths > 1_000)
    }
}

/// Random JSON objects with awkward strings (escapes, control bytes, non-ASCII), numbers and nesting.
struct SeededRandom: RandomNumberGenerator {
    var base: SplitMix
    init(seed: UInt64) { base = SplitMix(seed: seed) }

    mutating func next() -> UInt64 { base.next() }

    static let pieces = ["a", "level", "é", "😀", "\\\"", "\\\\", "\\n", "\\u0041", "\\ud83d\\ude00", "\\/", " ", "0", "[x]", "@"]

    mutating func string() -> String {
        "\"" + (0..<Int.random(in: 0...6, using: &self)).map { _ in Self.pieces.randomElement(using: &self)! }.joined() + "\""
    }

    mutating func value(depth: Int) -> String {
        switch Int.random(in: 0..<(depth > 2 ? 6 : 8), using: &self) {
        case 0, 1, 2: return string()
        case 3: return String(Int64.random(in: -1_000_000...1_000_000, using: &self))
        case 4: return ["1.25", "-0.5", "1e2", "12345678901234567890123", "true", "false", "null"].randomElement(using: &self)!
        case 5: return "\"plain text value \(Int.random(in: 0..<100, using: &self))\""
        case 6: return "[" + (0..<Int.random(in: 0...3, using: &self)).map { _ in value(depth: depth + 1) }.joined(separator: ",") + "]"
        default: return object(depth: depth + 1)
        }
    }

    mutating func object(depth: Int) -> String {
        // Mostly distinct plain keys; now and then a duplicate or a special key (the full path's cases).
        let plain = ["level", "msg", "message", "host", "k1", "k2", "n", "é", "logger", "module", "line", "id"]
        let special = ["tags", "@version", "@timestamp", "[a][b]", "level"]
        var keys = plain.shuffled(using: &self).prefix(Int.random(in: 0...8, using: &self))
        if Int.random(in: 0..<8, using: &self) == 0 { keys.append(special.randomElement(using: &self)!) }
        return "{" + keys.map { "\"\($0)\":" + value(depth: depth) }.joined(separator: ",") + "}"
    }

    mutating func document() -> String { object(depth: 0) }
}
