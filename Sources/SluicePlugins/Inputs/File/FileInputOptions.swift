import SluiceConfig
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// The file input's options, decoded: globs made absolute, durations read, the codec checked.
public struct FileInputOptions: Sendable, Hashable {
    let settings: FileInput.Settings
    let decoration: InputDecoration

    init(_ reader: inout OptionReader) throws {
        func duration(_ name: String, defaultUnit: Double = 1) -> Double? {
            guard let text = reader.optionalString(name) else { return nil }
            return Durations.seconds(text, defaultUnit: defaultUnit)
        }
        var seconds: [String: Double] = [:]
        for name in ["sincedb_write_interval", "stat_interval", "close_older", "ignore_older", "sincedb_clean_after"]
        where reader.optionalString(name) != nil {
            let value = duration(name, defaultUnit: name == "sincedb_clean_after" ? 86_400 : 1)
            if let value {
                seconds[name] = value
            } else {
                reader.problem(
                    name, "\"\(reader.string(name))\" is not a duration",
                    hint: "a number of seconds, or a number and a unit: \"500 ms\", \"15 seconds\", \"1 hour\", \"2 weeks\"")
            }
        }
        let delimiter = Array(reader.string("delimiter").utf8)
        if delimiter.count != 1 {
            reader.problem("delimiter", "the delimiter must be one byte", hint: "delimiter => \"\\n\" (the default)")
        }
        let patterns = reader.strings("path")
        if patterns.isEmpty { reader.problem("path", "path lists no files") }
        for pattern in patterns where pattern.isEmpty { reader.problem("path", "a path is empty") }
        let mode = reader.string("mode")
        if reader.bool("exit_after_read") && mode != "read" {
            reader.problem("exit_after_read", "exit_after_read works only with mode => \"read\"")
        }
        let action = reader.string("file_completed_action")
        if mode == "read", reader.isSet("file_completed_action"), action.hasPrefix("log"), reader.optionalString("file_completed_log_path") == nil {
            reader.problem("file_completed_action", "file_completed_action => \"\(action)\" needs file_completed_log_path")
        }
        if let log = reader.optionalString("file_completed_log_path") {
            let absolute = FileAccess.absolute(log, in: reader.context.workingDirectory)
            let directory = String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.startIndex)])
            if let problem = FileAccess.uncreatableUnder(directory.isEmpty ? "/" : directory) {
                reader.problem("file_completed_log_path", "cannot write \(log): \(problem)")
            }
        }
        for name in ["max_open_files", "max_line_bytes", "file_chunk_size", "discover_interval"] where reader.integer(name) < 1 {
            reader.problem(name, "\(name) must be at least 1")
        }
        let workingDirectory = reader.context.workingDirectory
        let codec = reader.inputCodecName()
        settings = FileInput.Settings(
            // Relative paths are taken from the working directory (Logstash refuses them).
            patterns: patterns.map { FileAccess.absolute($0, in: workingDirectory) },
            excludes: reader.strings("exclude"), readMode: mode == "read",
            startAtBeginning: reader.string("start_position") == "beginning", sincedbPath: reader.optionalString("sincedb_path"),
            sincedbWriteInterval: seconds["sincedb_write_interval"] ?? 0, sincedbCleanAfter: seconds["sincedb_clean_after"] ?? 0,
            statInterval: seconds["stat_interval"] ?? 1, discoverEvery: Int(clamping: reader.integer("discover_interval")),
            closeOlder: seconds["close_older"] ?? 0, maxOpenFiles: Int(clamping: max(1, reader.integer("max_open_files"))),
            ignoreOlder: seconds["ignore_older"],
            delimiter: delimiter.first ?? UInt8(ascii: "\n"), maxLineBytes: Int(clamping: max(1, reader.integer("max_line_bytes"))),
            chunkSize: Int(clamping: min(max(1, reader.integer("file_chunk_size")), 1 << 24)),
            sortByPath: reader.string("file_sort_by") == "path", sortDescending: reader.string("file_sort_direction") == "desc",
            completedAction: action, completedLogPath: reader.optionalString("file_completed_log_path"),
            exitAfterRead: reader.bool("exit_after_read"), codec: codec,
            ecs: (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled")
        decoration = InputDecoration(&reader)
        try reader.finish()
    }

    /// Whether the input reads its files once and ends (`mode => read`, `exit_after_read`).
    public var isBatchJob: Bool { settings.readMode && settings.exitAfterRead }

    /// The bytes a batch job's files hold now (for a progress bar): what its globs match.
    public func plannedBytes() -> Int {
        var seen = Set<String>()
        var total = 0
        for pattern in settings.patterns {
            for path in FileGlob.expand(pattern) where seen.insert(path).inserted {
                if let info = FileStatus(path: path), info.isRegular { total += Int(info.size) }
            }
        }
        return total
    }
}
