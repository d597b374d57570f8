public import ArgumentParser

/// The `sluice` command line: `run` (the default), `check`.
public struct SluiceCommand: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A log pipeline that runs Logstash pipeline configs.",
        version: version,
        subcommands: [RunCommand.self, CheckCommand.self, TestCommand.self],
        defaultSubcommand: RunCommand.self
    )

    public init() {}
}

extension SluiceCommand {
    /// The process entry point: parses `CommandLine.arguments`, runs, exits with the right code.
    public static func start() async {
        await main()
    }
}
