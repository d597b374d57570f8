import Foundation

/// Reads config parts from `-f` (a file, a directory, or a glob) or `-e` (a string), as Logstash does.
public enum ConfigLoader {
    /// The name given to the `-e` string in messages.
    public static let configStringName = "config string"

    public struct Loaded: Sendable {
        public var sources: [ConfigSource]
        /// Warnings about what was added or skipped (`-e` defaults).
        public var warnings: [Diagnostic]

        public init(sources: [ConfigSource], warnings: [Diagnostic] = []) {
            self.sources = sources
            self.warnings = warnings
        }
    }

    /// Loads `-f PATH`: a file; every file of a directory in lexical order (skipping directories
    /// and names ending in `~`); or every file a glob matches, sorted.
    /// - Throws: `ConfigErrors` when nothing is found or a file cannot be read or is not UTF-8.
    public static func load(path: String) throws(ConfigErrors) -> Loaded {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var files: [String]
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                files = names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
                    var dir: ObjCBool = false
                    return !file.hasSuffix("~") && manager.fileExists(atPath: file, isDirectory: &dir) && !dir.boolValue
                }
            } else {
                files = [path]
            }
        } else {
            files = Glob.expand(path).filter { file in
                var dir: ObjCBool = false
                return manager.fileExists(atPath: file, isDirectory: &dir) && !dir.boolValue
            }
        }
        guard !files.isEmpty else {
            throw ConfigErrors([
                Diagnostic(
                    .error, at: SourceLocation(file: path, line: 0, column: 0), "no config file found at \(path)",
                    hint: "-f takes a file, a directory of files, or a glob such as 'pipelines/*.conf'")
            ])
        }
        var sources: [ConfigSource] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let data = manager.contents(atPath: file) else {
                diagnostics.append(
                    Diagnostic(.error, at: SourceLocation(file: file, line: 0, column: 0), "cannot read \(file)"))
                continue
            }
            let bytes = [UInt8](data)
            if String(validating: bytes, as: UTF8.self) == nil {
                diagnostics.append(
                    Diagnostic(
                        .error, at: SourceLocation(file: file, line: 1, column: 1), "\(file) is not valid UTF-8 text",
                        hint: "config files must be UTF-8; is this a binary file?"))
                continue
            }
            sources.append(ConfigSource(name: file, bytes: bytes))
        }
        if !diagnostics.isEmpty { throw ConfigErrors(diagnostics) }
        return Loaded(sources: sources, warnings: [])
    }

    /// Loads `-e STRING`; a missing input section gets `stdin { type => stdin }` and a missing output
    /// section `stdout { codec => rubydebug }`, each with a warning, as Logstash does.
    public static func load(configString: String) -> Loaded {
        var sources = [ConfigSource(name: configStringName, text: configString)]
        var warnings: [Diagnostic] = []
        let start = SourceLocation(file: configStringName, line: 1, column: 1)
        if configString.firstMatch(of: /input\s*\{/) == nil {
            sources.append(ConfigSource(name: "default input", text: "input { stdin { type => stdin } }"))
            warnings.append(Diagnostic(.warning, at: start, "no input section: reading events from stdin"))
        }
        if configString.firstMatch(of: /output\s*\{/) == nil {
            sources.append(ConfigSource(name: "default output", text: "output { stdout { codec => rubydebug } }"))
            warnings.append(Diagnostic(.warning, at: start, "no output section: writing events to stdout (rubydebug)"))
        }
        return Loaded(sources: sources, warnings: warnings)
    }
}
