import ArgumentParser
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SluiceCLI
import SluiceConfig
import SluiceCore
import SluiceTestSupport
import Testing

@Suite struct PipelineTestRunnerTests {
    static let root = VectorFiles.repositoryRoot.path

    func pipeline(_ path: String) throws -> CheckedPipeline {
        let options = try ConfigInputOptions.parse(["-f", "\(Self.root)/\(path)"])
        return try #require(ConfigCheck.run(options, syntaxOnly: false, environment: [:]).pipeline)
    }

    @Test(arguments: ["pipelines/choreoai.conf", "pipelines/main.conf", "pipelines/reprocess.conf", "pipelines/nginx.conf", "pipelines/syslog.conf", "pipelines/java-app.conf", "pipelines/apache.conf", "pipelines/firewall.conf", "pipelines/syslog-lines.conf"])
    func shippedPipelinesPassTheirOwnTests(_ path: String) throws {
        let files = try PipelineTestRunner.discover(pipeline: "\(Self.root)/\(path)", cases: []).map(TestCaseFile.load)
        #expect(!files.isEmpty)
        let report = PipelineTestRunner.run(try pipeline(path), files: files)
        #expect(report.failed == 0, "\(report.text)")
        #expect(report.passed > 0)
    }

    @Test func aFailingSuitePrintsItsGoldenReport() throws {
        let files = try PipelineTestRunner.discover(pipeline: "", cases: ["\(Self.root)/fixtures/test-cases"]).map(TestCaseFile.load)
        let report = PipelineTestRunner.run(try pipeline("pipelines/choreoai.conf"), files: files)
        let golden = try String(contentsOfFile: "\(Self.root)/fixtures/test-cases/expected-output.txt", encoding: .utf8)
        #expect(report.text + "\n" == golden)
        #expect(report.failed == 2 && report.passed == 1)
    }

    @Test func theJUnitReportIsWellFormedXMLWithOneCasePerComparison() throws {
        let files = try PipelineTestRunner.discover(pipeline: "", cases: ["\(Self.root)/fixtures/test-cases"]).map(TestCaseFile.load)
        let report = PipelineTestRunner.run(try pipeline("pipelines/choreoai.conf"), files: files)
        let xml = PipelineTestRunner.junit(report)
        let document = try XMLDocument(xmlString: xml)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 3)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 2)
        #expect(try document.nodes(forXPath: "/testsuites/@failures").first?.stringValue == "2")
    }

    @Test func daemonModeFilesEnterThroughTheirInputAndReturnOneEventPerOutputReached() throws {
        let files = [try TestCaseFile.load("\(Self.root)/fixtures/daemon-mode/routing.yaml")]
        let report = PipelineTestRunner.run(try pipeline("fixtures/daemon-mode/routing.conf"), files: files)
        #expect(report.failed == 0, "\(report.text)")
        #expect(report.passed == 3)
        let unknown = [try TestCaseFile.load("\(Self.root)/fixtures/daemon-mode/unknown-input.yaml")]
        let refused = PipelineTestRunner.run(try pipeline("fixtures/daemon-mode/routing.conf"), files: unknown)
        #expect(refused.failed == 1)
        #expect(refused.text.contains(#"input_plugin "nope" is not the id of an input of the pipeline (inputs: from_beats, from_stdin)"#))
    }

    @Test func expectedBracketKeysExpandAndIgnoredParentsGoWhenEmpty() {
        let expanded = EventComparison.expand(["[log][level]": "x", "a": 1])
        #expect(expanded["log"] == ["level": "x"])
        var event = Event(constructingFrom: ["event": ["original": "raw"], "keep": true], now: Timestamp(epochSeconds: 0))
        event.timestamp = nil
        let actual = EventComparison.actualObject(event, ignore: ["[event][original]"])
        #expect(actual.keys == ["keep"])
    }

    @Test func yamlFilesReadYes1_1BooleansAndKeepTimestampsAsStrings() throws {
        let path = NSTemporaryDirectory() + "lfv-\(UUID().uuidString).yaml"
        defer { unlink(path) }
        try "testcases:\n  - input: [\"x\"]\n    expected:\n      - flag: yes\n        when: 2015-10-06T20:55:29.000Z\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let file = try TestCaseFile.load(path)
        #expect(file.cases.first?.expected.first?["flag"] == true)
        #expect(file.cases.first?.expected.first?["when"] == "2015-10-06T20:55:29.000Z")
    }
}

@Suite struct ConfigurationDocTests {
    @Test func docsConfigurationIsTheCurrentPluginListing() throws {
        let committed = try String(contentsOfFile: "\(VectorFiles.repositoryRoot.path)/docs/configuration.md", encoding: .utf8)
        #expect(committed == PluginListing.markdown(), "regenerate: sluice check --list-plugins --format markdown > docs/configuration.md")
    }
}
