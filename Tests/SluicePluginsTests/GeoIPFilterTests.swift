import Foundation
import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The geoip filter on databases the tests write (scripts/make-test-geoip-databases.pl): the
/// shared vectors, and the rules around them.
@Suite struct GeoIPFilterTests {
    static let vectors = VectorCase.load("geoip_filter_cases.json")
    /// Not run: with no `database`, Logstash's spec hands the filter a database from its database
    /// manager; Sluice looks in /usr/share/GeoIP and /var/lib/GeoIP, which a test cannot fill
    /// (`theDefaultDatabaseIsLookedForWhereGeoipupdateWritesIt` covers the lookup).
    static let notRun: Set<String> = ["geoip_online-L26-1"]

    static var directory: String {
        get throws {
            switch TestGeoIPDatabases.built {
            case .success(let directory): return directory
            case .failure(let failure): throw failure
            }
        }
    }

    @Test func theVectorsAreThere() {
        #expect(Self.vectors.count >= 31)
    }

    @Test(arguments: vectors.filter { !notRun.contains($0["id"]?.stringValue ?? "") })
    func geoipCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "geoip")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    private func run(_ settings: String, _ input: OrderedObject) throws -> Event {
        let block = "geoip { \(settings.replacingOccurrences(of: "{{DIR}}", with: try Self.directory)) }"
        var filter = try StageMaker.filter(block, catalog: BuiltinPlugins.catalog)
        var events = [Event(constructingFrom: input, now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "geoip", now: Timestamp(epochSeconds: 0)))
        return events[0]
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// ECS: `[client][ip]` gives the target `[client]`; the City defaults in their ECS places.
    @Test func withECSTheTargetComesFromAnIPSubfield() throws {
        let event = try run(#"source => "[client][ip]" database => "{{DIR}}/GeoLite2-City.mmdb""#, ["client": ["ip": "93.184.216.34"]])
        #expect(field(event, "[client][geo][city_name]") == "Norwell")
        #expect(field(event, "[client][geo][location]") == ["lat": 42.1596, "lon": -70.8217])
        #expect(field(event, "[client][geo][region_iso_code]") == "US-MA")
        #expect(field(event, "[client][ip]") == "93.184.216.34")
        #expect(event.fields["tags"] == nil)
    }

    @Test func withECSASourceThatIsNotAnIPSubfieldNeedsATarget() {
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"geoip { source => "clientip" database => "\#(try Self.directory)/GeoLite2-City.mmdb" }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    @Test func withoutECSTheTargetIsGeoip() throws {
        let event = try run(
            #"source => "ip" ecs_compatibility => disabled database => "{{DIR}}/GeoLite2-Country.mmdb""#, ["ip": "8.8.8.8"])
        #expect(field(event, "[geoip][country_code2]") == "US")
        #expect(field(event, "[geoip][continent_name]") == "North America")
        #expect(field(event, "[geoip][ip]") == "8.8.8.8")
    }

    /// The most specific subdivision is the region.
    @Test func theRegionIsTheMostSpecificSubdivision() throws {
        let event = try run(
            #"source => "ip" target => "source" fields => ["region_name", "region_iso_code"] database => "{{DIR}}/GeoLite2-City.mmdb""#,
            ["ip": "2607:f0d0:1002:51::4"])
        #expect(field(event, "[source][geo][region_name]") == "Dallas County")
        #expect(field(event, "[source][geo][region_iso_code]") == "US-DAL")
    }

    /// A City record without a location gives nothing: `{}` and the failure tag.
    @Test func aCityRecordWithoutALocationIsALookupFailure() throws {
        let event = try run(#"source => "ip" target => "source" database => "{{DIR}}/GeoLite2-City.mmdb""#, ["ip": "198.51.100.7"])
        #expect(field(event, "source") == .object(OrderedObject()))
        #expect(event.fields["tags"] == .array(["_geoip_lookup_failure"]))
    }

    /// Names are not resolved (Logstash would ask DNS from the worker's thread).
    @Test func aHostNameIsNotResolved() throws {
        let event = try run(#"source => "ip" target => "source" database => "{{DIR}}/GeoLite2-City.mmdb""#, ["ip": "dns.google"])
        #expect(event.fields["tags"] == .array(["_geoip_lookup_failure"]))
    }

    /// Results from the cache are the database's: addresses cycled through a cache of two.
    @Test func theCacheGivesWhatTheDatabaseGives() throws {
        let directory = try Self.directory
        var cached = try StageMaker.filter(
            #"geoip { source => "ip" target => "source" cache_size => 2 database => "\#(directory)/GeoLite2-City.mmdb" }"#,
            catalog: BuiltinPlugins.catalog)
        let addresses = ["93.184.216.34", "8.8.8.8", "173.9.34.107", "10.0.0.1", "2607:f0d0:1002:51::4"]
        var expected: [String: Event] = [:]
        for address in addresses { expected[address] = try run(#"source => "ip" target => "source" database => "{{DIR}}/GeoLite2-City.mmdb""#, ["ip": .string(address)]) }
        for round in 0..<20 {
            let address = addresses[(round * 3) % addresses.count]
            var events = [Event(constructingFrom: ["ip": .string(address)], now: Timestamp(epochSeconds: 0))]
            cached.filter(&events, context: FilterContext(stageID: "geoip", now: Timestamp(epochSeconds: 0)))
            #expect(events[0] == expected[address], "\(address)")
        }
    }

    @Test func aFileThatIsNotAMaxMindDatabaseIsAConfigError() throws {
        let scratch = try ScratchDirectory("sluice-geoip")
        let path = "\(scratch.path)/Gemfile"
        try Data("source 'https://rubygems.org'\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"geoip { source => "[client][ip]" database => "\#(path)" }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    @Test func anUnknownFieldIsAConfigError() {
        #expect(throws: (any Error).self) {
            try StageMaker.filter(
                #"geoip { source => "[client][ip]" fields => ["city"] database => "\#(try Self.directory)/GeoLite2-City.mmdb" }"#,
                catalog: BuiltinPlugins.catalog)
        }
    }

    /// Without `database`: GeoLite2-<type>.mmdb, then GeoIP2-<type>.mmdb, in each directory in turn.
    @Test func theDefaultDatabaseIsLookedForWhereGeoipupdateWritesIt() throws {
        let first = try ScratchDirectory("sluice-geoip-a")
        let second = try ScratchDirectory("sluice-geoip-b")
        #expect(GeoIPFilterOptions.defaultDatabase(type: "City", in: [first.path, second.path]) == nil)
        try Data().write(to: URL(fileURLWithPath: "\(second.path)/GeoIP2-City.mmdb"))
        #expect(GeoIPFilterOptions.defaultDatabase(type: "City", in: [first.path, second.path]) == "\(second.path)/GeoIP2-City.mmdb")
        try Data().write(to: URL(fileURLWithPath: "\(first.path)/GeoLite2-ASN.mmdb"))
        #expect(GeoIPFilterOptions.defaultDatabase(type: "ASN", in: [first.path, second.path]) == "\(first.path)/GeoLite2-ASN.mmdb")
    }

    /// Where none is there, `check` says where it looked.
    @Test func noDatabaseFoundIsAConfigErrorThatSaysWhereItLooked() throws {
        guard GeoIPFilterOptions.defaultDatabase(type: "City", in: GeoIPFilterOptions.defaultDirectories) == nil else { return }
        do {
            _ = try StageMaker.filter(#"geoip { source => "[client][ip]" }"#, catalog: BuiltinPlugins.catalog)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("/usr/share/GeoIP/GeoLite2-City.mmdb"), "\(error)")
        }
    }

    /// Java's getHostAddress form for the `ip` field.
    @Test func theIPFieldIsPrintedAsJavaPrintsIt() {
        #expect(GeoIPLookup.javaText(of: IPAddress("2607:f0d0:1002:51::4")!) == "2607:f0d0:1002:51:0:0:0:4")
        #expect(GeoIPLookup.javaText(of: IPAddress("8.8.8.8")!) == "8.8.8.8")
    }
}
