import Foundation
public import SluiceConfig
import SluicePlugins

/// `sluice test` for one pipeline as a function: finds and loads its test files, checks the
/// config as the tests use it (filters in full; inputs and outputs, which the tests replace, only
/// for what they keep), runs the files, and says what to print and the exit code (1 for anything
/// but a full pass, as LFV).
public enum TestSession {
    public struct Outcome: Sendable {
        /// 0 when every comparison passed; 1 otherwise, whatever the reason (LFV §6, §8 rule 14).
        public var exitCode: Int32
        /// For standard error: config diagnostics, or why the test files could not be used.
        public var diagnostics: String
        /// The comparisons made (`nil` when nothing could run).
        public var report: PipelineTestRunner.Report?
    }

    public static func run(
        path: String?, configString: String? = nil, cases: [String], supportEscapes: Bool = false, environment: [String: String],
        color: Bool = false
    ) -> Outcome {
        let files: [TestCaseFile]
        do {
            files = try PipelineTestRunner.discover(pipeline: path ?? "config", cases: cases).map(TestCaseFile.load)
        } catch {
            return Outcome(exitCode: 1, diagnostics: "error: \(error)", report: nil)
        }
        let harness = TestHarness(selectedInputs: Set(files.compactMap(\.inputPlugin)), inputSpec: TestInputOptions.spec)
        let check = ConfigCheck.run(
            path: configString == nil ? path : nil, configString: configString, supportEscapes: supportEscapes, syntaxOnly: false,
            environment: environment, testHarness: harness)
        guard let pipeline = check.pipeline else { return Outcome(exitCode: 1, diagnostics: check.diagnostics, report: nil) }
        let report = PipelineTestRunner.run(pipeline, files: files, color: color)
        return Outcome(exitCode: report.failed > 0 ? 1 : 0, diagnostics: check.diagnostics, report: report)
    }
}
