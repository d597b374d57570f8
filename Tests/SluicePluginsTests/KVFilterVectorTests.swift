import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceParsers
import SluiceTestSupport
import Testing

/// Every case of ../shared/vectors/logstash/kv_filter_cases.json through the real filter.
@Suite struct KVFilterVectorTests {
    static let cases = VectorCase.load("kv_filter_cases.json")

    /// Cases Sluice does not run, with the reason (counted, never skipped silently).
    static let unsupported: [String: String] = [
        "kv-L1134-1": "the spec stubs the parser to raise an exception; Sluice's scanners have no fault hook",
        "kv-L1148-1": "the spec stubs the parser to raise an exception; Sluice's scanners have no fault hook",
        "kv-L1157-1": "the spec stubs the parser to raise an exception; Sluice's scanners have no fault hook",
    ]

    @Test func theVectorsAreThere() {
        #expect(Self.cases.count >= 51)
        for id in Self.unsupported.keys { #expect(Self.cases.contains { $0["id"]?.stringValue == id }, "\(id) is not a case") }
    }

    @Test(arguments: cases)
    func kvCase(_ testCase: VectorCase) {
        if let reason = Self.unsupported[testCase["id"]?.stringValue ?? ""] {
            #expect(!FilterVectorCheck.problems(testCase, plugin: "kv").isEmpty, "now passes: \(reason)")
            return
        }
        let problems = FilterVectorCheck.problems(testCase, plugin: "kv")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }
}

/// The byte scanner finds exactly the pairs of Logstash's scan regex, for every setting it takes.
@Suite struct KVScannerAgreementTests {
    struct Setting: CustomStringConvertible {
        let fieldSplit: String
        let valueSplit: String
        let lenient: Bool
        let brackets: Bool
        var description: String { "field_split \(fieldSplit.debugDescription) value_split \(valueSplit.debugDescription) lenient \(lenient) brackets \(brackets)" }
    }

    static let settings: [Setting] = [
        Setting(fieldSplit: " ", valueSplit: "=", lenient: true, brackets: true),
        Setting(fieldSplit: " ", valueSplit: "=", lenient: false, brackets: true),
        Setting(fieldSplit: " ", valueSplit: "=", lenient: true, brackets: false),
        Setting(fieldSplit: "|", valueSplit: "=", lenient: true, brackets: true),
        Setting(fieldSplit: "&?", valueSplit: ":", lenient: true, brackets: true),
        Setting(fieldSplit: ", ", valueSplit: "=:", lenient: false, brackets: true),
        Setting(fieldSplit: "\r\n", valueSplit: " ", lenient: true, brackets: true),
        Setting(fieldSplit: "\\t", valueSplit: "=", lenient: true, brackets: true),
    ]

    @Test(arguments: settings)
    func theByteScannerFindsThePairsOfTheRegex(_ setting: Setting) throws {
        let f = try KVCharacterClass(setting.fieldSplit)
        let v = try KVCharacterClass(setting.valueSplit)
        let plan = KVRegexPlan(
            fieldSplit: setting.fieldSplit, valueSplit: setting.valueSplit, fieldSplitPattern: nil, valueSplitPattern: nil,
            lenient: setting.lenient, includeBrackets: setting.brackets)
        let regex = try KVRegexScanner(plan, retryLimit: 0)
        // A value split of " " is beyond the byte scanner: it must say so rather than guess.
        guard let bytes = KVByteScanner(fieldSplit: f, valueSplit: v, lenient: setting.lenient, includeBrackets: setting.brackets) else {
            #expect(v.contains(UInt8(ascii: " ")), "the byte scanner refused \(setting)")
            return
        }
        var random = SplitMix(seed: 0x0B5E_55ED ^ UInt64(setting.description.utf8.count))
        let alphabet = Array("ab=:  \"'()[]<>|&?,\n\r\té".unicodeScalars)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() % 24) { text.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            var fast: [KVPair] = []
            var slow: [KVPair] = []
            var copy = text
            copy.withUTF8 { raw in
                bytes.scan(UnsafeRawBufferPointer(raw), into: &fast)
                _ = regex.scan(UnsafeRawBufferPointer(raw), into: &slow)
            }
            #expect(fast == slow, "\(setting): \(text.debugDescription)")
            if fast != slow { return }
        }
    }
}

/// Random settings over random lines: a kv filter only ever sets fields or tags, never traps.
@Suite struct KVRandomTests {
    @Test func tenThousandRandomLinesThroughRandomSettingsOnlyTagOrSet() throws {
        var random = SplitMix(seed: 0x6B76_6B76)
        let settings = [
            "", "field_split => \"&\"", "value_split => \":\"", "field_split_pattern => \", *\"", "value_split_pattern => \"=+\"",
            "whitespace => \"strict\"", "include_brackets => false", "recursive => true", "allow_duplicate_values => false",
            "allow_empty_values => true", "trim_key => \" \"", "trim_value => \"<>\\\"\"", "remove_char_key => \"-\"",
            "transform_key => \"capitalize\"", "prefix => \"kv_\"", "target => \"kv\"", "default_keys => { \"d\" => \"x\" }",
            "include_keys => [\"a\", \"b\"]", "exclude_keys => [\"a\"]", "timeout_millis => 1",
        ]
        let alphabet = Array("ab=:  \"'()[]<>|&,\\-\né[]".unicodeScalars)
        for round in 0..<100 {
            var chosen: [String] = []
            for _ in 0..<(1 + Int(random.next() % 4)) { chosen.append(settings[Int(random.next() % UInt64(settings.count))]) }
            let block = "kv { \(chosen.joined(separator: " ")) }"
            guard let options = try? StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog, as: KVFilterOptions.self) else {
                continue
            }
            var filter = KVFilter(options: options)
            var events: [Event] = (0..<100).map { _ in
                var line = ""
                for _ in 0..<Int(random.next() % 60) { line.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
                return Event(message: line, timestamp: Timestamp(epochSeconds: Int64(round)))
            }
            filter.filter(&events, context: FilterContext(stageID: "kv", now: Timestamp(epochSeconds: 0)))
            #expect(events.count == 100)
            for event in events {
                let tags = (event.fields["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(tags.allSatisfy { $0 == "_kv_filter_error" || $0 == "_kv_filter_timeout" }, "\(block): \(tags)")
                #expect(event.fields["message"] != nil)
            }
        }
    }
}
