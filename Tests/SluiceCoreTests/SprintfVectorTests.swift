import SluiceCore
import SluiceTestSupport
import Testing

/// `shared/vectors/logstash/sprintf_cases.json`.
@Suite struct SprintfVectorTests {
    @Test func everyCaseIsLoaded() {
        #expect(VectorCase.load("sprintf_cases.json").count == 31)
    }

    @Test(arguments: VectorCase.load("sprintf_cases.json"))
    func templateRendersAsLogstash(_ vector: VectorCase) throws {
        var event = Event(constructingFrom: vector["event"]?.objectValue ?? OrderedObject(), now: .now())
        if vector["remove_timestamp"] == .bool(true) { event.timestamp = nil }
        let source: String
        switch vector["template"] {
        case .string(let s)?: source = s
        case let other?: source = Template.text(of: other)
        case nil: throw VectorError.malformed
        }
        switch vector["expected"] {
        case .string(let expected)?:
            #expect(try Template(source).render(event) == expected)
        case .object(let outcome)? where outcome["error"] != nil:
            #expect(throws: TemplateError.self) { try Template(source) }
        default:
            throw VectorError.malformed
        }
    }
}
