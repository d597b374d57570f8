public import ArgumentParser

/// Where the pipeline config comes from: `-f PATH` or `-e STRING` (Logstash's flags).
public struct ConfigInputOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("path.config")], help: "A config file, a directory of files, or a glob.")
    public var path: String?

    @Option(name: [.customShort("e"), .customLong("config.string")], help: "The config as a string.")
    public var configString: String?

    @Flag(name: .customLong("config.support_escapes"), help: "Process \\n, \\t, \\\" ... in quoted strings.")
    public var supportEscapes = false

    public init() {}

    /// Exactly one of `-f` and `-e` (checked by the commands that need a config; `check
    /// --list-plugins` does not).
    public func requireSource() throws {
        if path != nil && configString != nil {
            throw ValidationError("give either -f or -e, not both")
        }
        if path == nil && configString == nil {
            throw ValidationError("give a config with -f PATH or -e STRING")
        }
    }
}
