import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// split's and prune's rules beyond the shared vectors, each a test.
@Suite struct SplitPruneFilterTests {
    func run(_ block: String, _ events: [Event]) throws -> [Event] {
        var filter = try StageMaker.filter(block, catalog: BuiltinPlugins.catalog)
        var events = events
        filter.filter(&events, context: FilterContext(stageID: "f", now: Timestamp(epochSeconds: 0)))
        return events
    }

    func run(_ block: String, _ messages: [String]) throws -> [Event] {
        try run(block, messages.map { Event(message: $0, timestamp: Timestamp(epochSeconds: 0)) })
    }

    /// A single space as terminator is Ruby's awk split: leading whitespace ignored, each run of
    /// spaces, tabs or newlines one cut.
    @Test func aSpaceTerminatorSplitsAtRunsOfWhitespace() {
        let terminator = SplitTerminator(" ")
        #expect(terminator.pieces(of: "  a \t b\n\nc") == ["a", "b", "c"])
        #expect(terminator.pieces(of: "a b ") == ["a", "b", ""])
        #expect(terminator.pieces(of: "   ").isEmpty)
    }

    /// Any other terminator cuts at each occurrence and keeps empty pieces, trailing ones too;
    /// an empty terminator cuts between characters.
    @Test func otherTerminatorsKeepEmptyPiecesAndAnEmptyOneCutsCharacters() {
        #expect(SplitTerminator("||").pieces(of: "a||||b||") == ["a", "", "b", ""])
        #expect(SplitTerminator("").pieces(of: "hé!") == ["h", "é", "!"])
        #expect(SplitTerminator("\n").pieces(of: "").isEmpty)
    }

    /// Empty pieces make no event; the copies take the original's place, in order, before the
    /// next event of the batch, each with the common options applied.
    @Test func copiesTakeTheOriginalsPlaceAndEmptyPiecesMakeNoEvent() throws {
        let events = try run(#"split { add_tag => ["piece"] }"#, ["a\n\nb\n", "c\nd"])
        #expect(events.map { $0.fields["message"] } == ["a", "b", "c", "d"].map { Value.string($0) })
        #expect(events.allSatisfy { $0.fields["tags"] == .array([.string("piece")]) })
    }

    /// A text of one piece passes as it came: no copy, no common options.
    @Test func aTextOfOnePiecePassesUnchanged() throws {
        let events = try run(#"split { add_tag => ["piece"] }"#, ["one line"])
        #expect(events.count == 1)
        #expect(events[0].fields["tags"] == nil)
    }

    /// A list's elements go to `target`, the original field stays; null elements make no event.
    @Test func aListSplitsIntoTargetAndNullElementsAreSkipped() throws {
        var event = Event(message: "m", timestamp: Timestamp(epochSeconds: 0))
        event.fields["list"] = .array([.int(1), .null, .object(["k": .string("v")])])
        let events = try run(#"split { field => "list" target => "item" }"#, [event])
        #expect(events.map { $0.fields["item"] } == [.int(1), .object(["k": .string("v")])])
        #expect(events.allSatisfy { $0.fields["list"] == event.fields["list"] })
    }

    /// A field that is neither text nor list (or is missing) tags `_split_type_failure`; the event
    /// goes on.
    @Test func aFieldThatIsNeitherTextNorListTagsSplitTypeFailure() throws {
        var number = Event(message: "m", timestamp: Timestamp(epochSeconds: 0))
        number.fields["n"] = .int(3)
        let events = try run(#"split { field => "n" }"#, [number, Event(timestamp: nil, fields: ["message": .string("x")])])
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.fields["tags"] == .array([.string("_split_type_failure")]) })
    }

    /// `whitelist_names` is matched against every top-level name, `@timestamp` included: a list
    /// that does not name it removes it.
    @Test func pruneWhitelistNamesRemovesTimestampUnlessNamed() throws {
        var event = Event(message: "m", timestamp: Timestamp(epochSeconds: 5))
        event.fields["keep"] = .string("k")
        event.fields["drop"] = .string("d")
        let pruned = try run(#"prune { whitelist_names => ["^keep$", "^message$"] }"#, [event])[0]
        #expect(pruned.timestamp == nil)
        #expect(pruned.fields.keys.sorted() == ["keep", "message"])
        let kept = try run(#"prune { whitelist_names => ["^keep$", "@timestamp"] }"#, [event])[0]
        #expect(kept.timestamp == Timestamp(epochSeconds: 5))
    }

    /// The default `blacklist_names` removes fields whose names are unresolved templates.
    @Test func pruneDefaultBlacklistRemovesUnresolvedTemplateNames() throws {
        var event = Event(timestamp: nil, fields: ["message": .string("m")])
        event.fields["%{host}"] = .string("x")
        event.fields["host"] = .string("h")
        let pruned = try run("prune { }", [event])[0]
        #expect(pruned.fields["%{host}"] == nil)
        #expect(pruned.fields["host"] == .string("h"))
    }

    /// A number or a timestamp is matched as its text (Logstash raises on it).
    @Test func pruneMatchesNumbersAsTheirText() throws {
        var event = Event(timestamp: nil, fields: ["message": .string("m")])
        event.fields["code"] = .int(404)
        event.fields["other"] = .int(200)
        let pruned = try run(#"prune { blacklist_values => { "code" => "^4\d\d$" "other" => "^4" } }"#, [event])[0]
        #expect(pruned.fields["code"] == nil)
        #expect(pruned.fields["other"] == .int(200))
    }

    /// Of a list, only the matching elements stay (whitelist) or go (blacklist).
    @Test func pruneValueRulesFilterTheElementsOfAList() throws {
        var event = Event(timestamp: nil, fields: ["message": .string("m")])
        event.fields["a"] = .array([.string("x1"), .string("y1"), .string("x2")])
        event.fields["b"] = .array([.string("x1"), .string("y1")])
        let pruned = try run(#"prune { whitelist_values => { "a" => "^x" } blacklist_values => { "b" => "^x" } }"#, [event])[0]
        #expect(pruned.fields["a"] == .array([.string("x1"), .string("x2")]))
        #expect(pruned.fields["b"] == .array([.string("y1")]))
    }

    /// An interpolated regex that does not compile removes nothing, and the event goes on.
    @Test func pruneAnInterpolatedRegexThatDoesNotCompileRemovesNothing() throws {
        var event = Event(timestamp: nil, fields: ["message": .string("m")])
        event.fields["pattern"] = .string("([")
        event.fields["target"] = .string("value")
        let pruned = try run(#"prune { interpolate => true blacklist_values => { "target" => "%{pattern}" } }"#, [event])[0]
        #expect(pruned.fields["target"] == .string("value"))
    }

    /// A regex that is not interpolated is compiled when the config is checked.
    @Test func pruneARegexThatDoesNotCompileIsAConfigError() {
        #expect(throws: (any Error).self) {
            _ = try StageMaker.filter(#"prune { blacklist_names => ["(["] }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    /// Decisions are taken on the event as it came: a rule's `%{field}` sees a field another rule
    /// removes.
    @Test func pruneDecidesOnTheEventAsItCame() throws {
        var event = Event(timestamp: nil, fields: ["message": .string("m")])
        event.fields["name"] = .string("victim")
        event.fields["victim"] = .string("v")
        let pruned = try run(#"prune { interpolate => true blacklist_names => ["^%{name}$", "^name$"] }"#, [event])[0]
        #expect(pruned.fields["name"] == nil)
        #expect(pruned.fields["victim"] == nil)
    }
}
