import SluiceCore
@testable import SluicePlugins
import SluiceParsers
import SluiceTestSupport
import Testing

/// kv's rules beyond the shared vectors, each a test.
@Suite struct KVFilterTests {
    func run(_ block: String, _ messages: [String]) throws -> [Event] {
        var filter = try StageMaker.filter(block, catalog: BuiltinPlugins.catalog)
        var events = messages.map { Event(message: $0, timestamp: Timestamp(epochSeconds: 0)) }
        filter.filter(&events, context: FilterContext(stageID: "kv", now: Timestamp(epochSeconds: 0)))
        return events
    }

    /// Ruby's `^` and `$` are line anchors: `trim_value` trims the ends of every line of a value.
    @Test func trimValueTrimsTheEndsOfEachLine() throws {
        let matcher = KVCharacterMatcher(try KVCharacterClass(" "))
        #expect(matcher.trimming("  a \n  b c  ") == "a\nb c")
        #expect(matcher.trimming("   ") == "")
        // With the newline in the class: " \n" before the second newline ends a line (`$`), and
        // the second newline starts one (`^`), so Ruby's gsub takes both runs.
        let withNewline = KVCharacterMatcher(try KVCharacterClass(" \\n"))
        #expect(withNewline.trimming(" a \n\n b ") == "ab")
        #expect(withNewline.trimming("a \nb") == "a\nb")
    }

    /// A class may hold characters beyond ASCII; they are asked of the compiled class.
    @Test func trimAndRemoveClassesMayHoldCharactersBeyondASCII() throws {
        let events = try run(#"kv { trim_value => "«»" remove_char_key => "é" }"#, ["clé=«valeur» x=«y"])
        #expect(events[0].fields["cl"] == .string("valeur"))
        #expect(events[0].fields["x"] == .string("y"))
    }

    /// `allow_duplicate_values => false` drops a value equal to one already kept (Logstash's
    /// `String#include?` would also drop "bar" after "barbaz"; Sluice compares whole values).
    @Test func allowDuplicateValuesFalseComparesWholeValues() throws {
        let events = try run(#"kv { field_split => "&" allow_duplicate_values => false }"#, ["foo=barbaz&foo=bar&foo=bar"])
        #expect(events[0].fields["foo"] == .array([.string("barbaz"), .string("bar")]))
    }

    /// A key that is not a valid field reference is left out and the event tagged; the other
    /// pairs are kept and the common options do not apply.
    @Test func aKeyThatIsNotAFieldReferenceIsLeftOutAndTagged() throws {
        let events = try run(#"kv { add_tag => ["parsed"] }"#, ["good=1 [bad=2"])
        #expect(events[0].fields["good"] == .string("1"))
        #expect(events[0].fields["tags"] == .array([.string("_kv_filter_error")]))
    }

    /// `default_keys` come first in the target, the text's values override them.
    @Test func defaultKeysFillWhatTheTextLacks() throws {
        let events = try run(#"kv { target => "kv" default_keys => { "a" => "0" "z" => "26" } }"#, ["b=2 a=1"])
        #expect(events[0].fields["kv"]?.objectValue?.keys == ["a", "z", "b"])
        #expect(events[0].fields["kv"]?.objectValue?["a"] == .string("1"))
    }

    /// With no pair found nothing changes: no tag, no common option.
    @Test func aTextWithoutPairsChangesNothing() throws {
        let events = try run(#"kv { add_field => { "seen" => "yes" } }"#, ["no pairs here"])
        #expect(events[0].fields["seen"] == nil)
        #expect(events[0].fields["tags"] == nil)
    }

    /// A backslash escapes a splitter (LOGSTASH-624), so such texts go to the regex scanner; the
    /// byte scanner's settings still apply.
    @Test func aTextWithABackslashEscapesASpace() throws {
        let events = try run(#"kv { }"#, [#"a\ b=c\ d e=f"#])
        #expect(events[0].fields[#"a\ b"#] == .string(#"c\ d"#))
        #expect(events[0].fields["e"] == .string("f"))
    }

    /// A pathological value split runs into the step limit: the event gets `_kv_filter_timeout`
    /// and none of its fields, and the next event is parsed as usual.
    @Test func aRunawayScanIsStoppedByTheStepLimitAndOtherEventsFlow() throws {
        let runaway = "foo" + String(repeating: "=", count: 40) + ":bar baz" + String(repeating: "=", count: 60) + "bingo"
        var filter = try StageMaker.filter(#"kv { value_split_pattern => "(?:=+=+)+:" timeout_millis => 100 }"#, catalog: BuiltinPlugins.catalog)
        var events = [runaway, "foo==:bar"].map { Event(message: $0, timestamp: Timestamp(epochSeconds: 0)) }
        let metrics = PluginMetrics()
        filter.filter(&events, context: FilterContext(stageID: "kv", now: Timestamp(epochSeconds: 0), metrics: metrics))
        #expect(metrics.snapshot.total("kv_timeouts_total") == 1, "the stage counts its timeouts (sluice_kv_timeouts_total)")
        #expect(events[0].fields["tags"] == .array([.string("_kv_filter_timeout")]))
        #expect(events[0].fields["foo"] == nil)
        #expect(events[1].fields["foo"] == .string("bar"))
    }

    /// Splitters the byte scanner cannot take exactly go to the regex, decided when decoded.
    @Test func theByteScannerTakesOnlySplittersItHandlesExactly() throws {
        func scanner(_ f: String, _ v: String) throws -> KVByteScanner? {
            KVByteScanner(fieldSplit: try KVCharacterClass(f), valueSplit: try KVCharacterClass(v), lenient: true, includeBrackets: true)
        }
        #expect(try scanner(" ", "=") != nil)
        #expect(try scanner("&?", ":") != nil)
        #expect(try scanner("\\t", "=") != nil)
        #expect(try scanner("^a", "=") == nil, "a negated class holds characters beyond ASCII")
        #expect(try scanner(" ", " ") == nil, "a space in the value split")
        #expect(try scanner("\"", "=") == nil, "a quote is a splitter")
        #expect(try scanner("a-", "=") == nil, "a dash may make a range once pasted")
    }
}
