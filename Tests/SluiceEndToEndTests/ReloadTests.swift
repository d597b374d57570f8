import Foundation
import SluiceTestSupport
import Testing

/// Config reload on the real binary: a broken config leaves the running pipeline alone, a valid one
/// takes over after the old one drained, and no line is lost or read twice.
@Suite struct ReloadTests {
    @Test func aBrokenConfigIsRefusedAndAValidOneTakesOverWithoutLosingALine() async throws {
        let scratch = try ScratchDirectory("sluice-reload")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: "\(directory)/logs", withIntermediateDirectories: true)
        let log = "\(directory)/logs/app.log"
        _ = FileManager.default.createFile(atPath: log, contents: Data())
        let config = "\(directory)/pipeline.conf"
        func pipeline(version: String) -> String {
            """
            input { file { path => "\(directory)/logs/*.log" start_position => "beginning" sincedb_path => "\(directory)/sincedb" } }
            filter { json { source => "message" remove_field => ["message", "event", "log", "host", "@version"] }
                     mutate { add_field => { "config" => "\(version)" } } }
            output { file { path => "\(directory)/out.ndjson" } }
            """
        }
        try pipeline(version: "v1").write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = [
            "-f", config, "-r", "--config.reload.interval", "100ms", "--api.enabled", "false", "--path.data", "\(directory)/data",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var next = 0
        func append(_ count: Int) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            handle.seekToEndOfFile()
            let lines = (next..<next + count).map { #"{"n":\#($0)}"# }.joined(separator: "\n") + "\n"
            handle.write(Data(lines.utf8))
            try handle.close()
            next += count
        }
        func output() -> [(n: Int, config: String)] {
            let text = (try? String(contentsOfFile: "\(directory)/out.ndjson", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                guard let n = line.firstMatch(of: /"n":(\d+)/), let version = line.firstMatch(of: /"config":"(v\d)"/) else { return nil }
                return (Int(n.output.1)!, String(version.output.1))
            }
        }
        func waitForOutput(_ count: Int) async throws {
            let deadline = Date().addingTimeInterval(60)
            while output().count < count && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }

        try append(100)
        try await waitForOutput(100)
        #expect(output().count == 100)

        // A broken config: refused, the running pipeline goes on.
        try "filter { jsonn {} }".write(toFile: config, atomically: true, encoding: .utf8)
        try await Task.sleep(for: .milliseconds(500))
        try append(100)
        try await waitForOutput(200)
        #expect(output().suffix(100).allSatisfy { $0.config == "v1" })

        // A valid new config takes over; appends continue through the switch.
        try pipeline(version: "v2").write(toFile: config, atomically: true, encoding: .utf8)
        for _ in 0..<10 {
            try append(30)
            try await Task.sleep(for: .milliseconds(50))
        }
        let deadline = Date().addingTimeInterval(60)
        while (output().last?.config != "v2" || output().count < 500) && Date() < deadline {
            try append(1)
            try await Task.sleep(for: .milliseconds(100))
        }
        try await waitForOutput(next)  // the last appends are read before the stop
        kill(process.processIdentifier, SIGTERM)
        let stderr = String(decoding: await errors.fileHandleForReading.readAll(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("config reload refused"))
        #expect(stderr.contains("unknown filter plugin \"jsonn\""))
        #expect(stderr.contains("pipeline reloaded"))
        let events = output()
        #expect(events.map(\.n).sorted() == Array(0..<next), "every line once")
        #expect(events.last?.config == "v2")
        // v1 events come before every v2 event: the old pipeline drained before the new one started.
        let firstV2 = try #require(events.firstIndex { $0.config == "v2" })
        #expect(events[firstV2...].allSatisfy { $0.config == "v2" })
    }
}
