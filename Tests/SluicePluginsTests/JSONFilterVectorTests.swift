import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// `shared/vectors/logstash/json_filter_cases.json`.
@Suite struct JSONFilterVectorTests {
    static let cases = VectorCase.load("json_filter_cases.json")

    @Test func everyCaseIsLoaded() {
        #expect(Self.cases.count == 16)
    }

    @Test(arguments: cases)
    func jsonFilterBehavesAsLogstash(_ vector: VectorCase) throws {
        // Cases marked non-normative describe older Logstash behaviour (see the vectors' README).
        if vector["normative"] == .bool(false) { return }
        let block = StageMaker.block("json", vector["config"]?.objectValue ?? OrderedObject())
        var filter = try JSONFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        let before = Timestamp.now()
        var events = [Event(constructingFrom: vector["input_event"]?.objectValue ?? OrderedObject(), now: before)]
        filter.filter(&events, context: FilterContext(stageID: "json", now: before))
        let event = try #require(events.first)
        for (key, expected) in vector["expected_fields"]?.objectValue ?? OrderedObject() {
            let path = try FieldPath(parsing: key)
            if expected == "{{NOW}}" {
                #expect(event.timestamp.map { $0 >= before } == true)
            } else if path.isTimestamp, case .string(let text) = expected {
                #expect(event.timestamp?.iso8601String == text)
            } else {
                #expect(event[path] == expected, "\(key)")
            }
        }
        for case .string(let key) in vector["expected_absent_fields"]?.arrayValue ?? [] {
            #expect(!event.includes(try FieldPath(parsing: key)), "\(key)")
        }
        switch vector["expected_tags"] {
        case .array(let tags)?: #expect(event.tags == tags.compactMap(\.stringValue))
        default: #expect(event.fields["tags"] == nil)
        }
    }
}
