import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

@Suite struct MutateFilterTests {
    func run(_ settings: String, _ fields: OrderedObject) throws -> Event {
        var filter = try MutateFilter(options: try StageMaker.options(.filter, "mutate { \(settings) }", catalog: BuiltinPlugins.catalog))
        var events = [Event(constructingFrom: fields, now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "mutate", now: .now()))
        return events[0]
    }

    @Test func renameCopyReplaceAndUpdate() throws {
        let event = try run(
            #"rename => { "a" => "[x][a]" } copy => { "b" => "c" } replace => { "d" => "%{b}!" } update => { "missing" => "no" "b" => "B" }"#,
            ["a": 1, "b": "bee", "d": "old"])
        #expect(event[try FieldPath(parsing: "[x][a]")] == 1)
        #expect(event.fields["a"] == nil)
        // update runs before copy (Logstash's order): the copy sees the updated value.
        #expect(event.fields["b"] == "B" && event.fields["c"] == "B")
        // replace runs after update, so %{b} is already "B".
        #expect(event.fields["d"] == "B!")
        #expect(event.fields["missing"] == nil)
    }

    /// A hash setting written first as a `[k, v]` list and then again as hashes (a real config
    /// does this) is one hash of all the pairs.
    @Test func aHashSettingWrittenAsAListThenAsHashesIsOneHash() throws {
        let event = try run(
            #"rename => [ "Service", "SERVICE" ] rename => { "layer" => "LAYER" } rename => { "Layers" => "LAYERS" }"#,
            ["Service": "wms", "layer": "roads", "Layers": "all"])
        #expect(event.fields["SERVICE"] == "wms" && event.fields["LAYER"] == "roads" && event.fields["LAYERS"] == "all")
        #expect(event.fields["Service"] == nil && event.fields["layer"] == nil)
        #expect(throws: (any Error).self) { try run(#"rename => [ "a", "b", "c" ]"#, [:]) }
    }

    @Test func convertsWithLogstashRules() throws {
        let event = try run(
            #"convert => { "i" => "integer" "f" => "float" "s" => "string" "t" => "boolean" "eu" => "float_eu" "list" => "integer" }"#,
            ["i": "3.7", "f": "1,000.5", "s": 12, "t": "yes", "eu": "1.234,5", "list": ["1", "2"]])
        #expect(event.fields["i"] == 3)
        #expect(event.fields["f"] == 1000.5)
        #expect(event.fields["s"] == "12")
        #expect(event.fields["t"] == true)
        #expect(event.fields["eu"] == 1234.5)
        #expect(event.fields["list"] == [1, 2])
    }

    @Test func stringOperationsSplitJoinAndMerge() throws {
        let event = try run(
            #"gsub => ["path", "/+", "/", "ver", "v(\d+)", "\1"] uppercase => ["u"] lowercase => ["l"] capitalize => ["c"] strip => ["s"] split => { "csv" => "," } join => { "arr" => "-" } merge => { "dest" => "src" } coerce => { "nul" => "default" }"#,
            ["path": "a//b///c", "ver": "v12", "u": "abc", "l": "ABC", "c": "hELLO", "s": "  x  ", "csv": "a,b,c", "arr": [1, "b"], "dest": "x", "src": ["y", "z"], "nul": nil])
        #expect(event.fields["path"] == "a/b/c")
        #expect(event.fields["ver"] == "12")
        #expect(event.fields["u"] == "ABC" && event.fields["l"] == "abc" && event.fields["c"] == "Hello")
        #expect(event.fields["s"] == "x")
        #expect(event.fields["csv"] == ["a", "b", "c"])
        #expect(event.fields["arr"] == "1-b")
        #expect(event.fields["dest"] == ["x", "y", "z"])
        #expect(event.fields["nul"] == "default")
    }

    @Test func commonOptionsApplyInLogstashOrder() throws {
        let event = try run(
            #"add_field => { "[meta][host]" => "%{h}" "h" => "again" } remove_field => ["gone"] add_tag => ["t-%{h}", "t-%{h}"] remove_tag => ["old"]"#,
            ["h": "web", "gone": 1, "tags": ["old", "keep"]])
        #expect(event[try FieldPath(parsing: "[meta][host]")] == "web")
        // add_field on an existing field turns it into a list.
        #expect(event.fields["h"] == ["web", "again"])
        #expect(event.fields["gone"] == nil)
        // add_tag runs after add_field (so %{h} is the list, joined) and does not de-duplicate.
        #expect(event.tags == ["keep", "t-web,again", "t-web,again"])
    }

    @Test func aFailedOperationTagsTheEventAndSkipsTheCommonOptions() throws {
        let event = try run(#"replace => { "[s][x]" => "v" } add_tag => ["ok"]"#, ["s": "a scalar"])
        #expect(event.tags == ["_mutate_error"])
    }
}
