import ArgumentParser
import Foundation
import SluiceCLI
import SluiceConfig
import SluicePlugins
import SluiceTestSupport
import Testing

/// The plugin contract: every plugin's options are decoded once, into a typed value, by the one
/// function that `check`, `test` and `run` call; what `check` builds is what `run` builds.
@Suite struct PluginContractTests {
    /// Every shipped pipeline and every valid config fixture.
    static let configs: [String] = {
        let root = VectorFiles.repositoryRoot
        var paths = ["pipelines", "pipelines/bench", "fixtures/daemon-mode", "fixtures/fuzz/config"].flatMap { folder -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".conf") }.map { "\(folder)/\($0)" }
        }
        paths.sort()
        return paths
    }()

    @Test func thereAreShippedPipelinesAndFixturesToCompare() {
        #expect(Self.configs.contains("pipelines/main.conf"))
        #expect(Self.configs.count >= 8, "\(Self.configs)")
    }

    /// The options `check` decodes and those `run` decodes (through `sluice run`'s own loading:
    /// `-f` with the run command's parsing) are equal, stage by stage, for every plugin.
    @Test(arguments: configs)
    func optionsDecodedByCheckAndByRunAreEqual(_ relative: String) throws {
        let path = VectorFiles.repositoryRoot.appendingPathComponent(relative).path
        let environment = ["SLUICE_W1": "/tmp/w1.log", "SLUICE_G1": "/tmp/g1.log", "SLUICE_W3": "/tmp/w3", "ES_HOSTS": "http://127.0.0.1:9200"]
        let checked = ConfigCheck.run(path: path, syntaxOnly: false, environment: environment)
        let command = try SluiceCommand.parseAsRoot(["run", "-f", path])
        let run = try #require(command as? RunCommand)
        let ran = ConfigCheck.run(run.input, syntaxOnly: false, environment: environment)
        #expect(checked.exitCode == 0, "\(checked.diagnostics)")
        let a = try #require(checked.pipeline)
        let b = try #require(ran.pipeline)
        for kind in SectionKind.allCases {
            let left = a.stages(kind)
            let right = b.stages(kind)
            #expect(left.count == right.count)
            for (x, y) in zip(left, right) {
                let px = try #require(x.prepared, "\(x.name) has no prepared options")
                let py = try #require(y.prepared)
                #expect(px.hasSameOptions(as: py), "\(relative): \(kind.rawValue) \(x.name) (\(x.id)) decoded differently")
            }
        }
    }

    @Test func differentSettingsDecodeToDifferentOptions() throws {
        let one = try StageMaker.stage(.filter, #"date { match => ["t", "ISO8601"] }"#, catalog: BuiltinPlugins.catalog)
        let two = try StageMaker.stage(.filter, #"date { match => ["t", "UNIX"] }"#, catalog: BuiltinPlugins.catalog)
        let other = try StageMaker.stage(.filter, #"json { source => "t" }"#, catalog: BuiltinPlugins.catalog)
        #expect(try #require(one.prepared).hasSameOptions(as: try #require(one.prepared)))
        #expect(!(try #require(one.prepared).hasSameOptions(as: try #require(two.prepared))))
        #expect(!(try #require(one.prepared).hasSameOptions(as: try #require(other.prepared))))
    }

    /// A value for each required setting, so that every default path of every decoder is read.
    static func required(_ option: OptionSpec) -> String {
        switch option.name {
        case "port", "length_bytes": "0"
        case "match": #"["t", "ISO8601"]"#
        case "path": "\"/tmp/sluice-contract/x.log\""
        default: "\"message\""
        }
    }

    /// Plugins that need one of two settings (the current name or the old one), so neither is
    /// declared required: the one given here.
    static let oneOfRequired = [
        "translate": #"source => "message""#, "cidr": #"address => ["%{ip}"]"#, "xml": #"target => "doc""#,
        // A database is needed (a test-made one: none is installed), and with ECS a target.
        "geoip": #"target => "source" database => "\#((try? TestGeoIPDatabases.built.get()) ?? "")/GeoLite2-City.mmdb""#,
    ]

    @Test func everyPluginDecodesWithOnlyItsRequiredSettings() throws {
        for spec in BuiltinPlugins.specs {
            let settings = (spec.allOptions.filter(\.isRequired).map { "\($0.name) => \(Self.required($0))" } + [Self.oneOfRequired[spec.name]].compactMap { $0 })
                .joined(separator: " ")
            let block = "\(spec.name) { \(settings) }"
            let stage = try StageMaker.stage(spec.kind, block, catalog: BuiltinPlugins.catalog)
            #expect(stage.prepared != nil, "\(block)")
        }
    }
}
