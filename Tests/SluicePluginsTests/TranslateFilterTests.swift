import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// translate's rules beyond the shared vectors, each a test.
@Suite struct TranslateFilterTests {
    func run(_ filter: inout any Filter, _ events: [OrderedObject], at seconds: Int64 = 0) -> [Event] {
        var batch = events.map { Event(constructingFrom: $0, now: Timestamp(epochSeconds: 0)) }
        filter.filter(&batch, context: FilterContext(stageID: "translate", now: Timestamp(epochSeconds: seconds)))
        return batch
    }

    func make(_ block: String) throws -> any Filter { try StageMaker.filter(block, catalog: BuiltinPlugins.catalog) }

    /// The dictionary file is read again once `refresh_interval` of the batches' clock has passed:
    /// `merge` keeps keys the new file lacks, `replace` drops them.
    @Test(arguments: ["merge", "replace"])
    func aRefreshedDictionaryMergesOrReplacesAsRefreshBehaviourSays(_ behaviour: String) throws {
        let scratch = try ScratchDirectory("sluice-translate")
        let path = "\(scratch.path)/codes.yml"
        try Data("a: one\nb: two\n".utf8).write(to: URL(fileURLWithPath: path))
        var filter = try make(#"translate { source => "k" target => "t" dictionary_path => "\#(path)" refresh_interval => 60 refresh_behaviour => "\#(behaviour)" fallback => "none" }"#)
        #expect(run(&filter, [["k": "b"]], at: 0)[0].fields["t"] == .string("two"))
        try Data("a: uno\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(run(&filter, [["k": "a"]], at: 59)[0].fields["t"] == .string("one"), "not yet due")
        #expect(run(&filter, [["k": "a"]], at: 60)[0].fields["t"] == .string("uno"), "read again")
        #expect(run(&filter, [["k": "b"]], at: 61)[0].fields["t"] == .string(behaviour == "merge" ? "two" : "none"))
    }

    /// A dictionary file that breaks while running keeps the last good dictionary.
    @Test func aBrokenRefreshKeepsTheLastGoodDictionary() throws {
        let scratch = try ScratchDirectory("sluice-translate")
        let path = "\(scratch.path)/codes.json"
        try Data(#"{"a": "one"}"#.utf8).write(to: URL(fileURLWithPath: path))
        var filter = try make(#"translate { source => "k" target => "t" dictionary_path => "\#(path)" refresh_interval => 1 }"#)
        _ = run(&filter, [["k": "a"]], at: 0)
        try Data(#"{"a": "#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(run(&filter, [["k": "a"]], at: 5)[0].fields["t"] == .string("one"))
    }

    /// `override => false` (the default) leaves a target that is already set.
    @Test func anExistingTargetIsKeptWithoutOverride() throws {
        var keep = try make(#"translate { source => "k" target => "t" dictionary => { "a" => "one" } }"#)
        #expect(run(&keep, [["k": "a", "t": "mine"]])[0].fields["t"] == .string("mine"))
        var replace = try make(#"translate { source => "k" target => "t" override => true dictionary => { "a" => "one" } }"#)
        #expect(run(&replace, [["k": "a", "t": "mine"]])[0].fields["t"] == .string("one"))
    }

    /// `regex => true`: the first key (in dictionary order) whose regex matches the value anywhere.
    @Test func regexKeysMatchInDictionaryOrder() throws {
        var filter = try make(#"translate { source => "k" target => "t" regex => true dictionary => { "^5\d\d$" => "server" "^\d+$" => "number" } }"#)
        let events = run(&filter, [["k": "503"], ["k": "42"], ["k": "x"]])
        #expect(events.map { $0.fields["t"] } == [.string("server"), .string("number"), nil])
    }

    /// `exact => false`: every key found inside the value is replaced.
    @Test func keysInsideTheValueAreReplacedWhenNotExact() throws {
        var filter = try make(#"translate { source => "k" target => "t" exact => false dictionary => { "cat" => "dog" "red" => "blue" } }"#)
        #expect(run(&filter, [["k": "a red cat, a cat"]])[0].fields["t"] == .string("a blue dog, a dog"))
    }

    /// A regex key that does not compile is a config error.
    @Test func aRegexKeyThatDoesNotCompileIsAConfigError() {
        #expect(throws: (any Error).self) { try make(#"translate { source => "k" regex => true dictionary => { "(" => "x" } }"#) }
    }
}
