import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// Every case of ../shared/vectors/logstash/dissect_filter_cases.json through the real filter.
@Suite struct DissectFilterVectorTests {
    static let cases = VectorCase.load("dissect_filter_cases.json")

    /// Cases Sluice does not run, with the reason (counted, never skipped silently).
    static let unsupported: [String: String] = [
        "dissect-java-convertEventFieldToIntFromBiiiigIntString":
            "439474042575071862892 does not fit a 64-bit integer, Sluice's integer type (Logstash makes a BigInteger)",
    ]

    @Test func theVectorsAreThere() {
        #expect(Self.cases.count >= 50)
        for id in Self.unsupported.keys { #expect(Self.cases.contains { $0["id"]?.stringValue == id }, "\(id) is not a case") }
    }

    @Test(arguments: cases)
    func dissectCase(_ testCase: VectorCase) {
        if let reason = Self.unsupported[testCase["id"]?.stringValue ?? ""] {
            // Not run, and said so: it must still fail for that reason, or it belongs in the run ones.
            #expect(!FilterVectorCheck.problems(testCase, plugin: "dissect").isEmpty, "now passes: \(reason)")
            return
        }
        let problems = FilterVectorCheck.problems(testCase, plugin: "dissect")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }
}

/// Random mappings over random lines: a dissect filter only ever sets fields or tags, never traps.
@Suite struct DissectRandomTests {
    @Test func tenThousandRandomLinesThroughRandomMappingsOnlyTagOrSet() throws {
        var random = SplitMix(seed: 0x5EED_D15E)
        let pieces = ["%{a}", "%{+a}", "%{?k}", "%{&k}", "%{}", "%{b->}", "%{+a/2}", "%{[n][x]}", " ", ",", "=", "::", "->", "[", "]", "é", "%"]
        let alphabet = Array("ab ,=:-[]é%{}\u{0}\t".unicodeScalars)
        var mapped = 0
        for round in 0..<100 {
            var mapping = ""
            for _ in 0..<(1 + Int(random.next() % 8)) { mapping += pieces[Int(random.next() % UInt64(pieces.count))] }
            guard let options = try? StageMaker.options(
                .filter, "dissect { mapping => { \"message\" => \(JSONWriter.string(.string(mapping))) } }", catalog: BuiltinPlugins.catalog,
                as: DissectFilterOptions.self)
            else { continue }
            var filter = DissectFilter(options: options)
            var events: [Event] = (0..<100).map { _ in
                var line = ""
                for _ in 0..<Int(random.next() % 40) { line.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
                return Event(message: line, timestamp: Timestamp(epochSeconds: Int64(round)))
            }
            filter.filter(&events, context: FilterContext(stageID: "dissect", now: Timestamp(epochSeconds: 0)))
            #expect(events.count == 100)
            for event in events {
                let tags = (event.fields["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(tags.allSatisfy { $0 == "_dissectfailure" })
                #expect(event.fields["message"] != nil)
            }
            mapped += 1
        }
        #expect(mapped > 50, "most random mappings compile")
    }
}
