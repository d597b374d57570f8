import Foundation
public import SluiceConfig
public import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// `input { file { path => [...] } }`: tails live files (`mode => tail`) or reads whole ones
/// (`mode => read`), one event per line (logstash-input-file 4.4.7, ../shared/SPEC/logstash.md §9).
///
/// Files are known by inode and device. A position is recorded in the sincedb only once every
/// output has written the events before it, so a crash at any moment re-reads at most what was not
/// acknowledged, and nothing acknowledged is read twice.
public struct FileInput: Input {
    struct Settings: Sendable {
        var patterns: [String]
        var excludes: [String]
        var readMode: Bool
        var startAtBeginning: Bool
        var sincedbPath: String?
        var sincedbWriteInterval: Double
        var sincedbCleanAfter: Double
        var statInterval: Double
        var discoverEvery: Int
        var closeOlder: Double
        /// Tail mode keeps at most this many files open; others wait until `close_older` frees one.
        var maxOpenFiles: Int
        var ignoreOlder: Double?
        var delimiter: UInt8
        var maxLineBytes: Int
        var chunkSize: Int
        var sortByPath: Bool
        var sortDescending: Bool
        var completedAction: String
        var completedLogPath: String?
        var exitAfterRead: Bool
        var codec: String
        var ecs: Bool
    }

    let settings: Settings
    let decoration: InputDecoration

    public init(stage: CheckedStage, workingDirectory: String = FileOutput.currentDirectory()) throws {
        let o = stage.options
        func duration(_ name: String, _ fallback: Double) -> Double {
            o.string(name).flatMap { Durations.seconds($0) } ?? o.double(name) ?? fallback
        }
        let delimiter = Array((o.string("delimiter") ?? "\n").utf8)
        guard delimiter.count == 1 else { throw PipelineConfigurationError("file input: delimiter must be one byte") }
        settings = Settings(
            // Relative paths are taken from the working directory (Logstash refuses them).
            patterns: (o.strings("path") ?? []).map { $0.hasPrefix("/") ? $0 : workingDirectory + "/" + $0 },
            excludes: o.strings("exclude") ?? [], readMode: o.string("mode") == "read",
            startAtBeginning: o.string("start_position") == "beginning", sincedbPath: o.string("sincedb_path"),
            sincedbWriteInterval: duration("sincedb_write_interval", 0.2),
            sincedbCleanAfter: o.string("sincedb_clean_after").flatMap { Durations.seconds($0, defaultUnit: 86_400) } ?? 14 * 86_400,
            statInterval: duration("stat_interval", 1), discoverEvery: Int(o.integer("discover_interval") ?? 15),
            closeOlder: duration("close_older", 3600), maxOpenFiles: Int(max(1, o.integer("max_open_files") ?? 4095)),
            ignoreOlder: o.string("ignore_older").flatMap { Durations.seconds($0) },
            delimiter: delimiter[0], maxLineBytes: Int(max(1, o.integer("max_line_bytes") ?? Int64(LineDecoder.defaultMaxLineBytes))),
            chunkSize: Int(min(o.integer("file_chunk_size") ?? 32_768, 1 << 24)),
            sortByPath: o.string("file_sort_by") == "path", sortDescending: o.string("file_sort_direction") == "desc",
            completedAction: o.string("file_completed_action") ?? "log", completedLogPath: o.string("file_completed_log_path"),
            exitAfterRead: o.bool("exit_after_read") ?? false, codec: o.codec()?.name ?? "plain",
            ecs: o.string("ecs_compatibility") != "disabled")
        decoration = try InputDecoration(o)
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        var reader = FileReader(settings: settings, decoration: decoration, context: context)
        do {
            if settings.readMode {
                try await reader.runReadMode(sink: sink)
            } else {
                try await reader.runTailMode(sink: sink)
            }
        } catch {
            await reader.finish(waitForAcknowledgements: true)
            throw error
        }
        await reader.finish(waitForAcknowledgements: true)
    }
}

extension FileInput {
    /// Whether a stage is a read-mode file input that ends (`exit_after_read`): a batch job.
    public static func isBatchJob(_ options: PluginOptions) -> Bool {
        options.string("mode") == "read" && options.bool("exit_after_read") == true
    }

    /// The bytes a batch job's files hold now (for a progress bar): what its globs match.
    public static func plannedBytes(_ options: PluginOptions, workingDirectory: String = FileOutput.currentDirectory()) -> Int {
        var seen = Set<String>()
        var total = 0
        for pattern in options.strings("path") ?? [] {
            let absolute = pattern.hasPrefix("/") ? pattern : workingDirectory + "/" + pattern
            for path in FileGlob.expand(absolute) where seen.insert(path).inserted {
                var info = stat()
                if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { total += Int(info.st_size) }
            }
        }
        return total
    }
}
