import SluiceConfig
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing

/// The eval and branch cases of `config_grammar_cases.json`: conditions evaluated as Logstash does.
@Suite struct ConditionVectorTests {
    static let file = "config_grammar_cases.json"

    static func condition(_ text: String) throws -> Condition {
        let config = try PipelineConfig.parse([ConfigSource(name: "c", text: "filter { if \(text) { x {} } }")]).get()
        guard case .branch(let branch)? = config.statements(of: .filter).first else { throw VectorError.malformed }
        return branch.condition
    }

    @Test func everyCaseIsLoaded() {
        #expect(VectorCase.load(Self.file, kind: "eval").count == 88)
        #expect(VectorCase.load(Self.file, kind: "branch").count == 2)
    }

    @Test(arguments: VectorCase.load(file, kind: "eval"))
    func conditionEvaluatesAsLogstash(_ vector: VectorCase) throws {
        let predicate = try PredicateCompiler.compile(try Self.condition(vector["condition"]!.stringValue!))
        let event = Event(constructingFrom: vector["event"]?.objectValue ?? OrderedObject(), now: .now())
        switch vector["result"] {
        case .bool(let expected)?:
            #expect(try PredicateEvaluator.evaluate(predicate, on: event) == expected)
        case .string("error_event_dropped")?:
            #expect(throws: ConditionError.self) { try PredicateEvaluator.evaluate(predicate, on: event) }
        default:
            throw VectorError.malformed
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "branch"))
    func theRightBranchRuns(_ vector: VectorCase) throws {
        // `{ hello }` names the branch; make each body a plugin so the fragment parses.
        let fragment = vector["config_fragment"]!.stringValue!.replacing(/\{ (\w+) \}/) { "{ \($0.output.1) {} }" }
        let config = try PipelineConfig.parse([ConfigSource(name: "c", text: "filter { \(fragment) }")]).get()
        let event = Event(constructingFrom: vector["event"]?.objectValue ?? OrderedObject(), now: .now())
        var statements = config.statements(of: .filter)
        var taken: String?
        while taken == nil, let statement = statements.first {
            switch statement {
            case .plugin(let plugin): taken = plugin.name
            case .branch(let branch):
                let yes = try PredicateEvaluator.evaluate(try PredicateCompiler.compile(branch.condition), on: event)
                statements = yes ? branch.then : branch.otherwise
            }
        }
        #expect(taken == vector["taken"]?.stringValue)
    }
}

enum VectorError: Error { case malformed }
