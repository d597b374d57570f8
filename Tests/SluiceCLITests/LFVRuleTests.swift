import Foundation
import SluiceCLI
import SluiceTestSupport
import Testing

/// Each rule of ../shared/SPEC/lfv-format.md §8, with its own suite under fixtures/lfv/ run as
/// `sluice test -f pipeline.conf FILE` runs it.
@Suite struct LFVRuleTests {
    static let root = VectorFiles.repositoryRoot.appendingPathComponent("fixtures/lfv").path

    /// `sluice test -f <rule>/<config> <rule>/<file>`.
    func test(_ rule: String, _ file: String, config: String = "pipeline.conf") -> TestSession.Outcome {
        TestSession.run(path: "\(Self.root)/\(rule)/\(config)", cases: ["\(Self.root)/\(rule)/\(file)"], environment: [:])
    }

    func counts(_ outcome: TestSession.Outcome) -> (passed: Int, failed: Int)? {
        outcome.report.map { ($0.passed, $0.failed) }
    }

    @Test func rule1ExpectedEventsAreWholeEventsNotSubsets() {
        #expect(counts(test("01-exact-match", "whole.yaml"))! == (1, 0))
        let subset = test("01-exact-match", "subset.yaml")
        #expect(counts(subset)! == (0, 1))
        #expect(subset.report?.text.contains("unexpected [extra]: \"x\"") == true, "\(subset.report?.text ?? "")")
    }

    @Test func rule2TimestampIsComparedUnlessIgnored() {
        #expect(counts(test("02-timestamp-compared", "right.yaml"))! == (1, 0))
        let wrong = test("02-timestamp-compared", "wrong.yaml")
        #expect(counts(wrong)! == (0, 1))
        #expect(wrong.report?.text.contains("changed    [@timestamp]") == true, "\(wrong.report?.text ?? "")")
    }

    @Test func rule3IgnoreRemovesFieldsFromTheActualEventOnly() {
        #expect(counts(test("03-ignore-actual-only", "ignored.yaml"))! == (1, 0))
        let written = test("03-ignore-actual-only", "expected-ignored.yaml")
        #expect(counts(written)! == (0, 1))
        #expect(written.report?.text.contains("missing    [secret]") == true, "\(written.report?.text ?? "")")
    }

    @Test func rule4EventsAreMatchedByPositionPerFileAndACountMismatchFailsTheFileOnce() {
        let mismatch = test("04-by-position-per-file", "count-mismatch.yaml")
        #expect(counts(mismatch)! == (0, 1))
        #expect(mismatch.report?.text.contains("count-mismatch.yaml: expected 3 event(s), got 2") == true, "\(mismatch.report?.text ?? "")")
        #expect(counts(test("04-by-position-per-file", "across-cases.yaml"))! == (2, 0))
    }

    @Test func rule5JSONLinesInputsAreOneDocumentEachWithBracketKeysExpanded() {
        let outcome = test("05-json-lines-documents", "multi-line.yaml")
        #expect(counts(outcome)! == (1, 0), "\(outcome.report?.text ?? outcome.diagnostics)")
        let broken = test("05-json-lines-documents", "not-json.yaml")
        #expect(broken.exitCode == 1)
        #expect(broken.report == nil)
        #expect(broken.diagnostics.contains("not-json.yaml: test case \"half a document\", input 1 is not valid JSON"), "\(broken.diagnostics)")
    }

    @Test func rule6DaemonSuitesTakeTheCodecAndDecorationOfTheirInput() {
        let outcome = test("06-daemon-codec-from-input", "json-input.yaml")
        #expect(counts(outcome)! == (1, 0), "\(outcome.report?.text ?? outcome.diagnostics)")
    }

    @Test func rule7FieldsAppendInStandaloneSuitesAndOverwriteInDaemonSuites() {
        let standalone = test("07-fields-append-or-overwrite", "standalone-appends.yaml")
        #expect(counts(standalone)! == (1, 0), "\(standalone.report?.text ?? standalone.diagnostics)")
        let daemon = test("07-fields-append-or-overwrite", "daemon-overwrites.yaml")
        #expect(counts(daemon)! == (1, 0), "\(daemon.report?.text ?? daemon.diagnostics)")
    }

    @Test func rule8OneEqualsOnePointOhButAStringIsNotANumber() {
        #expect(counts(test("08-numbers", "one-is-one-point-oh.yaml"))! == (1, 0))
        let string = test("08-numbers", "string-is-not-number.yaml")
        #expect(counts(string)! == (0, 1))
        #expect(string.report?.text.contains("changed    [s]: expected 1, got \"1\"") == true, "\(string.report?.text ?? "")")
    }

    @Test func rule9TimestampHasExactlyThreeFractionDigits() {
        #expect(counts(test("09-timestamp-milliseconds", "three-digits.yaml"))! == (1, 0))
        #expect(counts(test("09-timestamp-milliseconds", "no-fraction.yaml"))! == (0, 1))
    }

    @Test func rule10NoHostAndNoEventOriginalAreAdded() {
        let standalone = test("10-no-host-or-original", "standalone.yaml")
        #expect(counts(standalone)! == (1, 0), "\(standalone.report?.text ?? standalone.diagnostics)")
        let daemon = test("10-no-host-or-original", "daemon.yaml")
        #expect(counts(daemon)! == (1, 0), "\(daemon.report?.text ?? daemon.diagnostics)")
    }

    @Test func rule11AnObjectEmptiedByARenameStays() {
        let outcome = test("11-empty-object-kept", "rename.yaml")
        #expect(counts(outcome)! == (1, 0), "\(outcome.report?.text ?? outcome.diagnostics)")
    }

    @Test func rule12YAMLIsReadAsYAML1_1() {
        let outcome = test("12-yaml-1-1", "scalars.yaml")
        #expect(counts(outcome)! == (1, 0), "\(outcome.report?.text ?? outcome.diagnostics)")
    }

    @Test func rule13InputsAndOutputsTheTestReplacesNeedNotBeRunnable() {
        let check = ConfigCheck.run(path: "\(Self.root)/13-replaced-plugins/pipeline.conf", syntaxOnly: false, environment: [:])
        #expect(check.exitCode == 1, "sluice check refuses the config the test accepts")
        let standalone = test("13-replaced-plugins", "standalone.yaml")
        #expect(counts(standalone)! == (1, 0), "\(standalone.report?.text ?? standalone.diagnostics)")
        #expect(standalone.diagnostics.contains(#"input "file" (file_1) is replaced by the test and could not run here"#), "\(standalone.diagnostics)")
        #expect(standalone.diagnostics.contains(#"output "kafka" (kafka_1) is replaced by the test"#))
        #expect(!standalone.diagnostics.contains("error:"))
        let daemon = test("13-replaced-plugins", "daemon.yaml")
        #expect(counts(daemon)! == (2, 0), "\(daemon.report?.text ?? daemon.diagnostics)")
        // An unknown filter stays an error; so does a codec Sluice lacks on the input a suite selects.
        let filter = test("13-replaced-plugins", "standalone.yaml", config: "unknown-filter.conf")
        #expect(filter.exitCode == 1)
        #expect(filter.diagnostics.contains(#"error: unknown filter plugin "nope""#), "\(filter.diagnostics)")
        let codec = test("13-replaced-plugins", "bad-selected-codec.yaml", config: "bad-selected-codec.conf")
        #expect(codec.exitCode == 1)
        #expect(codec.diagnostics.contains(#"error: unknown codec "edn""#), "\(codec.diagnostics)")
    }

    @Test func rule14EverythingButAFullPassExitsOne() {
        #expect(test("14-exit-codes", "passes.yaml").exitCode == 0)
        #expect(test("14-exit-codes", "fails.yaml").exitCode == 1)
        let unreadable = test("14-exit-codes", "broken.json")
        #expect(unreadable.exitCode == 1)
        #expect(unreadable.diagnostics.hasPrefix("error: "))
        let config = test("14-exit-codes", "passes.yaml", config: "bad-config.conf")
        #expect(config.exitCode == 1)
        #expect(config.diagnostics.contains(#"unknown setting "add_feild""#))
    }
}
