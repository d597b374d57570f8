import SluiceConfig
import SluiceCore
import SluiceTestSupport
import Testing

/// `shared/vectors/logstash/config_grammar_cases.json`, kinds parse, sources and string_escape.
@Suite struct ConfigGrammarVectorTests {
    static let file = "config_grammar_cases.json"

    static func options(_ vector: VectorCase) -> ConfigParseOptions {
        let escapes = vector["settings"]?.objectValue?["config.support_escapes"] == .bool(true)
        return ConfigParseOptions(supportEscapes: escapes)
    }

    @Test func everyCaseIsLoaded() {
        #expect(VectorCase.load(Self.file).count == 177)
        #expect(VectorCase.load(Self.file, kind: "parse").count == 79)
    }

    @Test(arguments: VectorCase.load(file, kind: "parse"))
    func configParsesToTheExpectedShape(_ vector: VectorCase) throws {
        let text = try #require(vector["config"]?.stringValue)
        let result = PipelineConfig.parse([ConfigSource(name: "test.conf", text: text)], options: Self.options(vector))
        guard vector["valid"] == .bool(true) else {
            switch result {
            case .failure(let errors): #expect(!errors.diagnostics.isEmpty)
            case .success(let config): #expect(!config.diagnostics.isEmpty, "accepted an invalid config")
            }
            return
        }
        let config: PipelineConfig
        switch result {
        case .success(let parsed):
            config = parsed
            #expect(config.diagnostics.isEmpty, "\(config.diagnostics)")
        case .failure(let errors):
            Issue.record("rejected: \(errors.diagnostics.map { "\($0.location): \($0.message)" })")
            return
        }
        for (section, expected) in vector["expect"]?.objectValue ?? OrderedObject() {
            let kind = try #require(SectionKind(rawValue: section))
            let shape = ConfigShape.section(config.statements(of: kind), kind: kind)
            #expect(Self.matches(shape, expected), "\(section): got \(JSONWriter.string(shape))")
        }
    }

    /// Expected plugins may omit `args`; everything else must be equal.
    static func matches(_ actual: Value, _ expected: Value) -> Bool {
        switch (actual, expected) {
        case (.object(let a), .object(let e)):
            if e["plugin"] != nil && e["args"] == nil {
                return a["plugin"] == e["plugin"]
            }
            guard a.count == e.count else { return false }
            return e.allSatisfy { key, value in a[key].map { matches($0, value) } ?? false }
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { matches($0, $1) }
        case (.double(let a), .int(let e)):
            return a == Double(e)
        default:
            return actual == expected
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "sources"))
    func partsAreParsedSeparatelyAndJoined(_ vector: VectorCase) throws {
        let parts = (vector["sources"]?.arrayValue ?? []).enumerated().map {
            ConfigSource(name: "part\($0.offset).conf", text: $0.element.stringValue!)
        }
        let config = try PipelineConfig.parse(parts).get()
        let expected = try #require(vector["expect"]?.objectValue)
        if case .int(let count) = expected["plugin_count"] {
            let total = SectionKind.allCases.map { config.plugins(of: $0).count }.reduce(0, +)
            #expect(total == Int(count))
        }
        if case .string(let text) = expected["original_source"] {
            #expect(config.originalSource == text)
        }
    }

    @Test(arguments: VectorCase.load(file, kind: "string_escape"))
    func escapesAreProcessedWhenEnabled(_ vector: VectorCase) throws {
        let raw = try #require(vector["raw"]?.stringValue)
        #expect(StringEscapes.process(Array(raw.utf8)) == vector["expected"]?.stringValue)
    }

    @Test func escapedQuotesStayRawUnlessEscapesAreEnabled() throws {
        let text = #"filter { x { s => "a \"b\" c" } }"#
        let raw = try PipelineConfig.parse([ConfigSource(name: "t", text: text)]).get()
        #expect(raw.plugins(of: .filter).first?.setting("s")?.value.kind == .string(#"a \"b\" c"#))
        let processed = try PipelineConfig.parse(
            [ConfigSource(name: "t", text: text)], options: ConfigParseOptions(supportEscapes: true)
        ).get()
        #expect(processed.plugins(of: .filter).first?.setting("s")?.value.kind == .string(#"a "b" c"#))
    }
}
