import Foundation
import SluiceTestSupport
import Testing

/// SIGTERM on the real binary: it drains, writes everything it took, and exits 0.
@Suite struct ShutdownTests {
    @Test func sigtermDrainsTheQueueWritesEverythingTakenAndExitsZero() async throws {
        let scratch = try ScratchDirectory("sluice-shutdown")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = [
            "--path.data", directory, "-e",
            "input { generator { count => 0 } } output { file { path => \"\(directory)/out.ndjson\" } }",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait (with a deadline) until events are flowing, then ask it to stop.
        let deadline = Date().addingTimeInterval(30)
        while (try? FileManager.default.attributesOfItem(atPath: "\(directory)/out.ndjson")[.size] as? Int ?? 0) ?? 0 < 100_000,
            Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGTERM)
        let log = String(decoding: await errors.fileHandleForReading.readAll(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 0, "\(log)")
        // Every event taken from the queue was written: the summary's counts agree with the file.
        let summary = try #require(log.split(separator: "\n").first { $0.contains("pipeline finished") })
        let eventsIn = try #require(summary.firstMatch(of: /events_in=(\d+)/).map { Int($0.output.1)! })
        let eventsOut = try #require(summary.firstMatch(of: /events_out=(\d+)/).map { Int($0.output.1)! })
        #expect(eventsIn == eventsOut)
        let lines = try String(contentsOfFile: "\(directory)/out.ndjson", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == eventsOut)
        #expect(lines.last?.hasSuffix("}") == true)
    }
}
