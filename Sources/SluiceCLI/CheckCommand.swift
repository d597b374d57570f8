public import ArgumentParser
import Foundation

/// `sluice check -f PATH`: report every problem of a config, compiler-style; exit 1 on errors.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a pipeline config and report every problem with file:line:column.")

    @OptionGroup public var input: ConfigInputOptions

    @Flag(help: "Check the grammar only: any plugin name and setting is accepted.")
    public var syntaxOnly = false

    @Flag(help: "Refuse settings that Logstash 9 removed (read as their replacements otherwise, with a warning).")
    public var strict = false

    @Flag(help: "List every plugin with its options and defaults, then exit.")
    public var listPlugins = false

    @Option(help: "With --list-plugins: text or markdown.")
    public var format: String = "text"

    public init() {}

    public func validate() throws {
        if !listPlugins { try input.requireSource() }
    }

    public func run() throws {
        if listPlugins {
            print(format == "markdown" ? PluginListing.markdown() : PluginListing.render(), terminator: format == "markdown" ? "" : "\n")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        guard input.paths.count > 1 else {
            let report = ConfigCheck.run(input, syntaxOnly: syntaxOnly, environment: environment, strict: strict)
            Terminal.emit(report)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
            return
        }
        // Several pipelines: each checked on its own, one verdict line each.
        var failed = false
        for path in input.paths {
            let report = ConfigCheck.run(
                path: path, supportEscapes: input.supportEscapes, syntaxOnly: syntaxOnly, environment: environment, strict: strict)
            Terminal.error(report.diagnostics)
            print("\(path): \(report.exitCode == 0 ? "Configuration OK" : "invalid")")
            failed = failed || report.exitCode != 0
        }
        if failed { throw ExitCode(1) }
    }
}
