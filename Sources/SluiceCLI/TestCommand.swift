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
            let outcome = TestSession.run(
                path: path, configString: input.configString, cases: cases, supportEscapes: input.supportEscapes,
                environment: environment, color: isatty(1) == 1)
            Terminal.error(outcome.diagnostics)
            guard let report = outcome.report else { throw ExitCode(1) }
            total.passed += report.passed
            total.failed += report.failed
            total.lines += report.lines
            total.results += report.results
        }
        print(total.text)
        if let junit {
            try PipelineTestRunner.junit(total).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if total.failed > 0 { throw ExitCode(1) }
    }
}
