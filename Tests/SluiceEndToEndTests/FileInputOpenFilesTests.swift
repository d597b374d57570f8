import Foundation
import SluiceTestSupport
import Testing

/// `close_older` and `max_open_files` in tail mode, observed on the real binary through
/// /proc/PID/fd: idle files give their descriptor back and are opened again when they grow, and
/// no more than `max_open_files` are open at once.
@Suite struct FileInputOpenFilesTests {
    @Test func idleFilesAreClosedReopenedWhenTheyGrowAndTheLimitHolds() async throws {
        let scratch = try ScratchDirectory("sluice-open-files")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: "\(directory)/logs", withIntermediateDirectories: true)
        let logs = ["\(directory)/logs/a.log", "\(directory)/logs/b.log"]
        for (k, path) in logs.enumerated() { try "first \(k)\n".write(toFile: path, atomically: true, encoding: .utf8) }
        let output = "\(directory)/out.ndjson"
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = [
            "--path.data", "\(directory)/data", "--api.enabled", "false", "-e",
            #"""
            input { file { path => "\#(directory)/logs/*.log" start_position => "beginning" sincedb_path => "\#(directory)/sincedb"
              stat_interval => "20 ms" discover_interval => 1 close_older => "300 ms" max_open_files => 1 } }
            output { file { path => "\#(output)" } }
            """#,
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let pid = process.processIdentifier

        /// The log files the process has open now.
        @Sendable func openLogs() -> [String] {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
                .filter { $0.hasPrefix("\(directory)/logs/") }
        }
        @Sendable func messages() -> [String] {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { $0.firstMatch(of: /"message":"([^"]*)"/).map { String($0.output.1) } }
        }
        /// Polls on a thread of its own (60 s at most), checking the limit at every look.
        func until(_ condition: @escaping @Sendable () -> Bool) async throws -> Int {
            try await offPool {
                var mostOpen = 0
                let deadline = Date().addingTimeInterval(60)
                while !condition() {
                    mostOpen = max(mostOpen, openLogs().count)
                    guard Date() < deadline else { throw CancellationError() }
                    usleep(2_000)
                }
                return max(mostOpen, openLogs().count)
            }
        }

        // Both files are read, one at a time: the second waits until the first is closed as idle.
        var mostOpen = try await until { Set(messages()) == ["first 0", "first 1"] }
        #expect(mostOpen <= 1)
        // Idle: every descriptor given back.
        mostOpen = max(mostOpen, try await until { openLogs().isEmpty })
        // A closed file that grows is opened again and read from where it was.
        let handle = try #require(FileHandle(forWritingAtPath: logs[0]))
        handle.seekToEndOfFile()
        handle.write(Data("second 0\n".utf8))
        try handle.close()
        mostOpen = max(mostOpen, try await until { messages().contains("second 0") })
        mostOpen = max(mostOpen, try await until { openLogs().isEmpty })
        #expect(mostOpen <= 1)
        #expect(messages().sorted() == ["first 0", "first 1", "second 0"])
        kill(pid, SIGTERM)
        await process.exited()
        #expect(process.terminationStatus == 0)
    }
}
