import ArgumentParser
import Foundation
import SluiceCLI
import SluiceConfig
import SluiceTestSupport
import Testing

@Suite struct SluiceCommandTests {
    static let root = VectorFiles.repositoryRoot.path

    func input(path: String? = nil, string: String? = nil) -> ConfigInputOptions {
        let arguments = path.map { ["-f", $0] } ?? ["-e", string ?? ""]
        return try! ConfigInputOptions.parse(arguments)
    }

    @Test func pipelineOrderedFollowsLogstashRules() throws {
        #expect(throws: Never.self) { try RuntimeOptions.parse(["--pipeline.ordered", "true", "-w", "1"]) }
        #expect(throws: Never.self) { try RuntimeOptions.parse(["--pipeline.ordered", "false", "-w", "4"]) }
        #expect(throws: Never.self) { try RuntimeOptions.parse(["-w", "4"]) }  // auto: unordered with several workers
        #expect(throws: (any Error).self) { try RuntimeOptions.parse(["--pipeline.ordered", "true", "-w", "2"]) }
        #expect(throws: (any Error).self) { try RuntimeOptions.parse(["--pipeline.ordered", "sometimes"]) }
    }

    @Test func versionIsReported() throws {
        #expect(SluiceCommand.configuration.version == SluiceCommand.version)
    }

    @Test(arguments: ["pipelines/choreoai.conf", "pipelines/main.conf"])
    func shippedPipelinesAreValid(_ path: String) {
        let report = ConfigCheck.run(input(path: "\(Self.root)/\(path)"), syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 0, "\(report.diagnostics)")
        #expect(report.output == "Configuration OK")
    }

    @Test func aDirectoryIsReadInLexicalOrderAsOnePipeline() {
        let report = ConfigCheck.run(input(path: "\(Self.root)/pipelines"), syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 0, "\(report.diagnostics)")
        // apache, choreoai, firewall, java-app, main, nginx, reprocess, syslog-lines, syslog: their filters run in the files' lexical order.
        let names = report.pipeline?.stages(.filter).map(\.name) ?? []
        #expect(names.prefix(7) == ["grok", "drop", "date", "mutate", "mutate", "json", "date"])  // apache.conf, then choreoai.conf
        #expect(names.suffix(3) == ["date", "mutate", "mutate"])  // syslog.conf comes last
        #expect(names.count == 33)
    }

    @Test func aGlobThatMatchesNothingIsAnError() {
        let report = ConfigCheck.run(input(path: "\(Self.root)/pipelines/*.nothing"), syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 1)
        #expect(report.diagnostics.contains("no config file found"))
    }

    @Test func aConfigStringGetsStdinAndStdoutWithWarnings() throws {
        let report = ConfigCheck.run(input(string: "filter { json { source => message } }"), syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 0)
        #expect(report.pipeline?.stages(.input).map(\.name) == ["stdin"])
        #expect(report.pipeline?.stages(.output).map(\.name) == ["stdout"])
        #expect(report.diagnostics.contains("warning: no input section"))
        #expect(report.diagnostics.contains("warning: no output section"))
    }

    @Test func syntaxOnlyAcceptsPluginsSluiceDoesNotHave() {
        let config = "filter { aggregate { task_id => \"%{id}\" } }"
        #expect(ConfigCheck.run(input(string: config), syntaxOnly: true, environment: [:]).exitCode == 0)
        let full = ConfigCheck.run(input(string: config), syntaxOnly: false, environment: [:])
        #expect(full.exitCode == 1)
        #expect(full.diagnostics.contains("unknown filter plugin \"aggregate\""))
    }

    @Test func environmentReferencesAreSubstitutedBeforeChecking() throws {
        let config = "input { beats { port => \"${BEATS_PORT}\" } } output { stdout { } }"
        let report = ConfigCheck.run(input(string: config), syntaxOnly: false, environment: ["BEATS_PORT": "5055"])
        let beats = try #require(report.pipeline?.stages(.input).first)
        #expect(beats.options.integer("port") == 5055)
        let defaulted = ConfigCheck.run(
            input(string: "input { beats { port => \"${NOPE:6000}\" } }"), syntaxOnly: false, environment: [:])
        #expect(defaulted.pipeline?.stages(.input).first?.options.integer("port") == 6000)
    }

    @Test func secretsNeverAppearInMessages() {
        let config = "output { elasticsearch { user => \"u\" password => [\"hunter2\", \"x\"] } }"
        let report = ConfigCheck.run(input(string: config), syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 1)
        #expect(!report.diagnostics.contains("hunter2"))
        #expect(report.diagnostics.contains("<secret>"))
    }

    @Test func defaultsAreFilledIn() throws {
        let report = ConfigCheck.run(input(string: "filter { json { source => \"message\" } }"), syntaxOnly: false, environment: [:])
        let json = try #require(report.pipeline?.stages(.filter).first)
        #expect(json.options.strings("tag_on_failure") == ["_jsonparsefailure"])
        #expect(json.options.bool("skip_on_invalid_json") == false)
        #expect(json.id == "json_1")
        #expect(!json.options.isSet("tag_on_failure"))
    }

    @Test func listPluginsShowsEveryPluginWithOptionsAndDefaults() {
        let listing = PluginListing.render()
        for name in ["beats", "file", "stdin", "generator", "json", "date", "mutate", "drop", "elasticsearch", "stdout"] {
            #expect(listing.contains("  \(name) — "), "\(name)")
        }
        #expect(listing.contains("    port (a number) required"))
        #expect(listing.contains("    flush_interval (a number) default 2"))
    }

    @Test func logstashSpellingsParse() throws {
        let parsed = try SluiceCommand.parseAsRoot(["-f", "x.conf", "-t"])
        let run = try #require(parsed as? RunCommand)
        #expect(run.testAndExit)
        #expect(run.input.path == "x.conf")
        let long = try #require(try SluiceCommand.parseAsRoot(["run", "--config.test_and_exit", "-e", "input {}"]) as? RunCommand)
        #expect(long.testAndExit && long.input.configString == "input {}")
        let check = try #require(try SluiceCommand.parseAsRoot(["check", "--syntax-only", "-f", "a.conf"]) as? CheckCommand)
        #expect(check.syntaxOnly)
    }

    @Test func checkAndTestTakeSeveralPipelinesButRunTakesOne() throws {
        let check = try #require(try SluiceCommand.parseAsRoot(["check", "-f", "a.conf", "-f", "b.conf"]) as? CheckCommand)
        #expect(check.input.paths == ["a.conf", "b.conf"])
        let test = try #require(try SluiceCommand.parseAsRoot(["test", "-f", "a.conf", "-f", "b.conf"]) as? TestCommand)
        #expect(test.input.paths.count == 2)
        #expect(throws: (any Error).self) { try SluiceCommand.parseAsRoot(["run", "-f", "a.conf", "-f", "b.conf"]) }
    }
}
