public import ArgumentParser
import Foundation

/// `sluice test -f PIPELINE [CASES...]`: runs test case files (logstash-filter-verifier format)
/// against the pipeline's filters; exit 1 when any case fails.
public struct TestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run a pipeline's filters over test cases (logstash-filter-verifier files).")

    @OptionGroup public var input: ConfigInputOptions

    @Argument(help: "Test files or directories (default: NAME.tests/ next to NAME.conf).")
    public var cases: [String] = []

    @Option(help: "Also write a JUnit XML report to this file.")
    public var junit: String?

    public init() {}

    public func validate() throws {
        try input.requireSource()
    }

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // One pipeline per -f; explicit CASES apply to a single pipeline.
        var total = PipelineTestRunner.Report()
        for path in input.configString == nil ? input.paths : ["config"] {
            let check = input.configString == nil
                ? ConfigCheck.run(path: path, supportEscapes: input.supportEscapes, syntaxOnly: false, environment: environment)
                : ConfigCheck.run(input, syntaxOnly: false, environment: environment)
            guard let pipeline = check.pipeline else {
                Terminal.error(check.diagnostics)
                throw ExitCode(1)
            }
            do {
                let files = try PipelineTestRunner.discover(pipeline: path, cases: cases).map(TestCaseFile.load)
                let report = PipelineTestRunner.run(pipeline, files: files, color: isatty(1) == 1)
                total.passed += report.passed
                total.failed += report.failed
                total.lines += report.lines
                total.results += report.results
            } catch let error as TestError {
                Terminal.error("error: \(error)")
                throw ExitCode(1)
            }
        }
        print(total.text)
        if let junit {
            try PipelineTestRunner.junit(total).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if total.failed > 0 { throw ExitCode(1) }
    }
}
