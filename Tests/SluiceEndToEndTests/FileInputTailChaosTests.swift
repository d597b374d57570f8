import Foundation
import SluiceTestSupport
import Testing

/// The short form of `scripts/chaos/tail-kill.py`: the real binary tails a log that a writer keeps
/// appending to and renames away as logrotate does, and is killed with SIGKILL and restarted
/// meanwhile. Every line reaches the output at least once; what repeats after each kill is bounded
/// (acknowledged since the last sincedb save, 200 ms, plus what was in flight).
@Suite(.serialized) struct FileInputTailChaosTests {
    static let lines = 30_000
    static let rotateEvery = 5_000

    @Test func appendsRenamesAndKillsLoseNoLine() async throws {
        let scratch = try ScratchDirectory("sluice-tail-chaos")
        defer { scratch.remove() }
        let directory = scratch.path
        let logs = "\(directory)/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let output = "\(directory)/out.ndjson"
        func start() throws -> Process {
            let process = Process()
            process.executableURL = StdinToStdoutTests.binary
            process.arguments = [
                "--path.data", "\(directory)/data", "--api.enabled", "false", "-w", "2", "-b", "250", "-e",
                #"""
                input { file { path => "\#(logs)/app.log*" start_position => "beginning" sincedb_path => "\#(directory)/sincedb"
                  stat_interval => "20 ms" discover_interval => 2 codec => "json" } }
                output { file { path => "\#(output)" } }
                """#,
            ]
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        @Sendable func outputSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0 }
        /// How many times each line is in the output (a line cut short by a kill in the middle of
        /// a write, which the next run ends, counts for nothing).
        @Sendable func counts() -> [Int] {
            var counts = [Int](repeating: 0, count: Self.lines)
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasSuffix("}") {
                if let n = line.firstMatch(of: /"seq":(\d+)/).map({ Int($0.output.1)! }) { counts[n] += 1 }
            }
            return counts
        }

        // The writer: 250 lines every 5 ms, the log renamed to app.log.N every 5,000 lines.
        async let rotations = offPool { () throws -> Int in
            var rotations = 0
            let pad = String(repeating: "x", count: 40)
            for first in stride(from: 0, to: Self.lines, by: 250) {
                let text = (first..<(first + 250)).map { "{\"seq\":\($0),\"pad\":\"\(pad)\"}\n" }.joined()
                let path = "\(logs)/app.log"
                if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
                let handle = try #require(FileHandle(forWritingAtPath: path))
                handle.seekToEndOfFile()
                handle.write(Data(text.utf8))
                try handle.close()
                if (first + 250) % Self.rotateEvery == 0 && first + 250 < Self.lines {
                    rotations += 1
                    guard rename(path, "\(logs)/app.log.\(rotations)") == 0 else { throw CocoaError(.fileWriteUnknown) }
                }
                usleep(5_000)
            }
            return rotations
        }

        var kills = 0
        for _ in 0..<3 {
            let process = try start()
            let startSize = outputSize()
            let growth = Int.random(in: 20_000...150_000)
            let killed = try await offPool { () throws -> Bool in
                let deadline = Date().addingTimeInterval(60)
                while outputSize() < startSize + growth {
                    guard process.isRunning, Date() < deadline else { return false }
                    usleep(1_000)
                }
                kill(process.processIdentifier, SIGKILL)
                return true
            }
            await process.exited()
            if killed { kills += 1 }
        }
        #expect(try await rotations == Self.lines / Self.rotateEvery - 1)
        // The last run catches up, then stops gracefully.
        let last = try start()
        let caughtUp = try await offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(60)
            while counts().contains(0) {
                guard Date() < deadline else { return false }
                usleep(20_000)
            }
            return true
        }
        kill(last.processIdentifier, SIGTERM)
        await last.exited()
        #expect(last.terminationStatus == 0)
        let final = counts()
        let missing = final.indices.filter { final[$0] == 0 }
        #expect(caughtUp && missing.isEmpty, "lost \(missing.count) lines, first \(missing.prefix(5))")
        let duplicates = final.reduce(0) { $0 + max(0, $1 - 1) }
        #expect(kills == 3)
        #expect(duplicates <= kills * 15_000, "\(duplicates) duplicates after \(kills) kills")
        print("file input tail chaos: \(kills) kills, \(duplicates) duplicate lines of \(Self.lines)")
    }
}
