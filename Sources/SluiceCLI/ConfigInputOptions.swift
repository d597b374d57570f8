public import ArgumentParser

/// Where the pipeline config comes from: `-f PATH` or `-e STRING` (Logstash's flags).
public struct ConfigInputOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("path.config")],
        help: "A config file, a directory of files, or a glob (check and test take several -f, one pipeline each).")
    public var paths: [String] = []

    /// The pipeline's config path (the first `-f`).
    public var path: String? { paths.first }

    @Option(name: [.customShort("e"), .customLong("config.string")], help: "The config as a string.")
    public var configString: String?

    @Flag(name: .customLong("config.support_escapes"), help: "Process \\n, \\t, \\\" ... in quoted strings.")
    public var supportEscapes = false

    public init() {}

    /// Exactly one of `-f` and `-e` (checked by the commands that need a config; `check
    /// --list-plugins` does not).
    public func requireSource() throws {
        if !paths.isEmpty && configString != nil {
            throw ValidationError("give either -f or -e, not both")
        }
        if paths.isEmpty && configString == nil {
            throw ValidationError("give a config with -f PATH or -e STRING")
        }
    }
}
