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
    struct Settings: Sendable, Hashable {
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

    public init(options: FileInputOptions) {
        settings = options.settings
        decoration = options.decoration
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
}
