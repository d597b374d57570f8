public import ArgumentParser
import Foundation
import SluiceRuntime

/// `sluice run -f PATH` (also plain `sluice -f PATH`): run a pipeline. `-t` checks and exits,
/// as Logstash's `--config.test_and_exit`.
public struct RunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline (the default command).")

    @OptionGroup public var input: ConfigInputOptions

    @Flag(name: [.customShort("t"), .customLong("config.test_and_exit")], help: "Check the config, then exit.")
    public var testAndExit = false

    @OptionGroup public var runtime: RuntimeOptions

    public init() {}

    public func validate() throws {
        try input.requireSource()
        if input.paths.count > 1 { throw ValidationError("run takes one pipeline: give one -f (a directory of files is one pipeline)") }
    }

    public func run() async throws {
        let report = ConfigCheck.run(input, syntaxOnly: false, environment: ProcessInfo.processInfo.environment)
        if testAndExit || report.exitCode != 0 {
            Terminal.emit(report)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
            return
        }
        Terminal.error(report.diagnostics)
        guard let pipeline = report.pipeline else { throw ExitCode(1) }
        do {
            // A -f config can be reloaded (SIGHUP, or -r); a -e string cannot change.
            let reloader = input.path.map {
                ConfigReloader(path: $0, supportEscapes: input.supportEscapes, environment: ProcessInfo.processInfo.environment)
            }
            try await PipelineRunner.run(pipeline, options: runtime, reloader: reloader)
        } catch let error as PipelineError {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
