import Foundation
import SluiceTestSupport
import Testing

/// The real binary reading a file of numbered lines (read mode, a sincedb) into a file output,
/// stopped in the middle and started again until it finishes:
/// - kill -9: every line reaches the output at least once; what repeats is bounded by what was in
///   flight (read but not yet acknowledged) at each kill;
/// - SIGTERM: it drains and records its position, so the restart repeats nothing.
@Suite(.serialized) struct FileInputRestartTests {
    static let lines = 60_000

    /// A directory with `input.log` (`{"n":0}` … one per line) and a pipeline reading it.
    struct Workspace {
        let scratch: ScratchDirectory
        var directory: String { scratch.path }
        var input: String { "\(directory)/input.log" }
        var output: String { "\(directory)/out.ndjson" }

        init() throws {
            scratch = try ScratchDirectory("sluice-file-restart")
            var text = ""
            text.reserveCapacity(FileInputRestartTests.lines * 24)
            for n in 0..<FileInputRestartTests.lines { text += "{\"n\":\(n),\"pad\":\"xxxxxxxx\"}\n" }
            try text.write(toFile: input, atomically: true, encoding: .utf8)
        }

        func start() throws -> Process {
            let process = Process()
            process.executableURL = StdinToStdoutTests.binary
            process.arguments = [
                "--path.data", "\(directory)/data", "--api.enabled", "false", "-w", "2", "-b", "250", "-e",
                #"""
                input { file { path => "\#(input)" mode => "read" exit_after_read => true file_completed_action => "log"
                  file_completed_log_path => "\#(directory)/done.log" sincedb_path => "\#(directory)/sincedb" codec => "json" } }
                output { file { path => "\#(output)" flush_interval => 0 } }
                """#,
            ]
            // Each run's log is kept (appended) in the workspace, for the message of a failure.
            if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try handle.seekToEnd()
            process.standardError = handle
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }

        var log: String { "\(directory)/sluice.log" }

        /// The end of the runs' log.
        func logTail() -> String {
            String(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(3000))
        }

        /// Sends `signal` to `process` as soon as the output has grown by `bytes`; `false` when the
        /// process ended first. Polls on a thread of its own, so a busy task pool cannot delay it.
        func signal(_ signal: Int32, to process: Process, afterOutputGrowsBy bytes: Int) async throws -> Bool {
            let start = outputSize()
            let pid = process.processIdentifier
            return try await offPool {
                let deadline = Date().addingTimeInterval(60)
                while process.isRunning {
                    if outputSize() > start + bytes {
                        kill(pid, signal)
                        return true
                    }
                    guard Date() < deadline else { throw CancellationError() }
                    usleep(1_000)
                }
                return false
            }
        }

        func outputSize() -> Int {
            (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        }

        /// How many times each number is in the output, and how many lines were cut short (a
        /// kill in the middle of a write leaves part of a line, which the next run ends).
        func counts() throws -> (counts: [Int], cut: Int) {
            var counts = [Int](repeating: 0, count: FileInputRestartTests.lines)
            var cut = 0
            let text = try String(contentsOfFile: output, encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard line.hasSuffix("}"), let n = line.firstMatch(of: /"n":(\d+)/).map({ Int($0.output.1)! }) else {
                    cut += 1
                    continue
                }
                counts[n] += 1
            }
            return (counts, cut)
        }
    }

    @Test func killNineAtRandomMomentsLosesNoLine() async throws {
        let workspace = try Workspace()
        defer { workspace.scratch.remove() }
        var random = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<4 {
            let process = try workspace.start()
            // Kill at a random point after some progress (unless it finished first).
            if try await workspace.signal(SIGKILL, to: process, afterOutputGrowsBy: Int.random(in: 30_000...200_000, using: &random)) {
                kills += 1
            }
            await process.exited()
        }
        let last = try workspace.start()
        await last.exited()
        #expect(last.terminationStatus == 0)
        let (counts, cut) = try workspace.counts()
        #expect(cut <= kills, "\(cut) cut lines after \(kills) kills")
        let missing = counts.indices.filter { counts[$0] == 0 }
        #expect(missing.isEmpty, "lost \(missing.count) lines, first \(missing.prefix(5))")
        // Each kill may repeat what was read but not yet acknowledged: at most the queue
        // (2 workers × 250) plus the batches being filtered and written, bounded here generously.
        let duplicates = counts.reduce(0) { $0 + max(0, $1 - 1) }
        #expect(duplicates <= kills * 20_000, "\(duplicates) duplicates after \(kills) kills")
        print("file input kill -9: \(kills) kills, \(duplicates) duplicate lines of \(FileInputRestartTests.lines)")
    }

    @Test func sigtermUnderLoadThenRestartRepeatsNothing() async throws {
        let workspace = try Workspace()
        defer { workspace.scratch.remove() }
        var stops = 0
        for _ in 0..<2 {
            let process = try workspace.start()
            guard try await workspace.signal(SIGTERM, to: process, afterOutputGrowsBy: 100_000) else {
                await process.exited()
                break
            }
            let asked = Date()
            await process.exited()
            #expect(process.terminationStatus == 0, "\(workspace.logTail())")
            #expect(Date().timeIntervalSince(asked) < 30, "graceful stop took longer than the shutdown timeout")
            stops += 1
        }
        let last = try workspace.start()
        await last.exited()
        #expect(last.terminationStatus == 0, "\(workspace.logTail())")
        let (counts, cut) = try workspace.counts()
        #expect(cut == 0)
        #expect(counts.allSatisfy { $0 == 1 }, "after \(stops) graceful stops: \(counts.filter { $0 == 0 }.count) missing, \(counts.filter { $0 > 1 }.count) repeated")
        #expect(stops > 0)
    }
}
