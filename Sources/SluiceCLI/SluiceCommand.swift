public import ArgumentParser

/// The `sluice` command line: `run` (the default), `check` and `test`.
public struct SluiceCommand: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A log pipeline that runs Logstash pipeline configs.",
        version: version
    )

    public init() {}

    public func run() async throws {
        throw ValidationError(
            "this build has the event model only: `run`, `check` and `test` are not built yet (see docs/architecture.md)")
    }
}

extension SluiceCommand {
    /// The process entry point: parses `CommandLine.arguments`, runs, exits with the right code.
    public static func start() async {
        await main()
    }
}
