import SluiceCore
import SluiceTestSupport
import Testing

/// `shared/vectors/logstash/field_reference_cases.json`, every kind.
@Suite struct FieldReferenceVectorTests {
    static let file = "field_reference_cases.json"

    @Test func everyCaseIsLoaded() {
        #expect(VectorCase.load(Self.file).count == 70)
    }

    @Test(arguments: VectorCase.load(file, kind: "parse"))
    func referenceParsesAsLogstashDoes(_ vector: VectorCase) throws {
        let text = try #require(vector["reference"]?.stringValue)
        let style = FieldPath.EscapeStyle(rawValue: vector["escape_style"]?.stringValue ?? "none") ?? .none
        guard case .object(let expected) = vector["expected"] else {
            #expect(throws: FieldPathError.self) { try FieldPath(parsing: text, escapeStyle: style) }
            return
        }
        let path = try FieldPath(parsing: text, escapeStyle: style)
        let keys = (expected["path"]?.arrayValue ?? []).compactMap(\.stringValue) + [expected["key"]!.stringValue!]
        switch expected["type"]?.stringValue {
        case "metadata_parent":
            #expect(path.root == .metadata && path.segments.isEmpty)
        case "metadata_child":
            #expect(path.root == .metadata && path.segments.map(\.key) == keys)
        default:
            #expect(path.root == .data && path.segments.map(\.key) == keys)
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "parse_equal"))
    func equivalentReferencesAreEqual(_ vector: VectorCase) throws {
        let paths = try (vector["references"]?.arrayValue ?? []).map { try FieldPath(parsing: $0.stringValue!) }
        #expect(paths.count >= 2 && Set(paths).count == 1)
    }

    @Test(arguments: VectorCase.load(file, kind: "accessors"))
    func accessorsBehaveAsLogstash(_ vector: VectorCase) throws {
        var event = Event(constructingFrom: vector["initial"]?.objectValue ?? OrderedObject(), now: .now())
        for case .object(let op) in vector["ops"]?.arrayValue ?? [] {
            let expect = op["expect"]
            switch op["op"]?.stringValue {
            case "get":
                let path = try FieldPath(parsing: op["ref"]!.stringValue!)
                #expect((event[path] ?? .null) == expect, "get \(path)")
            case "set":
                if expect == .string("error") {
                    #expect(throws: FieldPathError.self) {
                        try event.set(try FieldPath(parsing: op["ref"]!.stringValue!), to: op["value"] ?? .null)
                    }
                } else {
                    try event.set(try FieldPath(parsing: op["ref"]!.stringValue!), to: op["value"] ?? .null)
                }
            case "includes":
                let path = try FieldPath(parsing: op["ref"]!.stringValue!)
                #expect(event.includes(path) == (expect == .bool(true)), "includes \(path)")
            case "to_json_data", "to_hash_includes":
                let written = try JSONReader.parse(event.jsonString).objectValue!
                for (key, value) in expect?.objectValue ?? OrderedObject() {
                    #expect(written[key] == value, "\(key)")
                }
            default:
                Issue.record("unknown op \(op)")
            }
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "list_index"))
    func negativeListIndexesCountFromTheEnd(_ vector: VectorCase) throws {
        guard case .int(let index) = vector["index"], case .int(let size) = vector["size"],
            case .int(let offset) = vector["expected_offset"]
        else { throw VectorError.malformed }
        var event = Event(timestamp: nil, fields: OrderedObject())
        try event.set(try FieldPath(parsing: "list"), to: .array((0..<size).map { .int($0) }))
        #expect(event[try FieldPath(parsing: "[list][\(index)]")] == .int(offset))
    }

    @Test(arguments: VectorCase.load(file, kind: "event_semantics"))
    func eventSemanticsMatchLogstash(_ vector: VectorCase) throws {
        let before = Timestamp.now()
        if let inputs = vector["json_inputs"]?.arrayValue {
            for input in inputs {
                let bytes = Array(input.stringValue!.utf8)
                if vector["expect"] == .string("error") {
                    #expect(throws: JSONError.self) { try bytes.withUnsafeBytes { try Event.events(fromJSON: $0, now: before) } }
                } else {
                    let events = try bytes.withUnsafeBytes { try Event.events(fromJSON: $0, now: before) }
                    #expect(.int(Int64(events.count)) == vector["expect"]?.objectValue?["events"])
                }
            }
            return
        }
        var event = Event(constructingFrom: vector["initial"]?.objectValue ?? OrderedObject(), now: before)
        var failed = false
        if let op = vector["op"]?.objectValue {
            do throws(FieldPathError) {
                if let ref = op["set"]?.stringValue { try event.set(try FieldPath(parsing: ref), to: op["value"] ?? .null) }
                if let tag = op["tag"]?.stringValue { event.tag(tag) }
                if let ref = op["remove"]?.stringValue { event.remove(try FieldPath(parsing: ref)) }
            } catch {
                failed = true
            }
        }
        if let expectJSON = vector["expect_json"] {
            #expect(try JSONReader.parse(event.jsonString) == expectJSON)
        }
        for case .string(let fragment) in vector["expect_json_text_contains"]?.arrayValue ?? [] {
            #expect(event.jsonString.contains(fragment), "\(event.jsonString) has \(fragment)")
        }
        switch vector["expect"] {
        case .string("error")?:
            #expect(failed)
        case .string("accepted")?:
            #expect(!event.hasTag(Event.timestampParseFailureTag))
        case .object(let expected)?:
            #expect(!failed)
            for (key, value) in expected {
                if key.hasPrefix("includes:") {
                    let path = try FieldPath(parsing: String(key.dropFirst("includes:".count)))
                    #expect(.bool(event.includes(path)) == value, "\(key)")
                } else if value == .string("{{NOW}}") {
                    let stamp = try #require(event.timestamp)
                    #expect(stamp >= before && stamp <= Timestamp.now())
                } else {
                    #expect(event[try FieldPath(parsing: key)] == value, "\(key)")
                }
            }
        default:
            break
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "timestamp"))
    func timestampsParseAndPrintAsLogstash(_ vector: VectorCase) throws {
        let offset = try Self.offsetSeconds(vector["default_zone"]?.stringValue ?? "Z")
        let stamp = try #require(Timestamp(iso8601: vector["input"]!.stringValue!, defaultOffsetSeconds: offset))
        switch vector["expected"] {
        case .string(let text)?:
            #expect(stamp.iso8601String == text)
        case .object(let parts)?:
            #expect(parts["nano"] == .int(Int64(stamp.nanoseconds)))
        default:
            throw VectorError.malformed
        }
    }

    static func offsetSeconds(_ zone: String) throws -> Int {
        if zone == "Z" { return 0 }
        let stamp = try #require(Timestamp(iso8601: "1970-01-01T00:00:00\(zone)"))
        return -Int(stamp.epochSeconds)
    }
}

enum VectorError: Error { case malformed }
