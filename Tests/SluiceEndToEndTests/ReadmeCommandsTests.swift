import Foundation
import SluiceTestSupport
import Testing

/// The README's commands, run as a new user runs them (with the test build of the binary, and
/// the beats port moved to one the OS picks).
@Suite struct ReadmeCommandsTests {
    static let root = VectorFiles.repositoryRoot.path

    static func run(_ arguments: [String], directory: String = root, environment: [String: String] = [:]) async throws -> (Int32, String) {
        try await offPool { try runBlocking(arguments, directory: directory, environment: environment) }
    }

    static func runBlocking(_ arguments: [String], directory: String, environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theREADMEStartsWithTheMainCommand() throws {
        let readme = try String(contentsOfFile: "\(Self.root)/README.md", encoding: .utf8)
        let firstBlock = try #require(readme.split(separator: "```").dropFirst().first)
        #expect(firstBlock.contains("swift run -c release sluice -f pipelines/main.conf"))
        #expect(firstBlock.contains(".ci/run"))
    }

    @Test func everyShippedPipelineChecksAndPassesItsTests() async throws {
        let pipelines = try FileManager.default.contentsOfDirectory(atPath: "\(Self.root)/pipelines").filter { $0.hasSuffix(".conf") }.sorted()
        #expect(pipelines.count >= 5)
        let check = try await Self.run(["check"] + pipelines.flatMap { ["-f", "pipelines/\($0)"] })
        #expect(check.0 == 0, "\(check.1)")
        for pipeline in pipelines where FileManager.default.fileExists(atPath: "\(Self.root)/pipelines/\(pipeline.dropLast(5)).tests") {
            let test = try await Self.run(["test", "-f", "pipelines/\(pipeline)"])
            #expect(test.0 == 0, "\(pipeline): \(test.1)")
            #expect(test.1.contains(" 0 failed"))
        }
    }

    /// `sluice -f pipelines/main.conf`: tails ./logs, parses, and writes daily NDJSON files under
    /// data/out; Ctrl-C (SIGINT) writes what it took and exits 0.
    @Test func theMainPipelineTailsLogsIntoDailyFilesAndStopsCleanly() async throws {
        let scratch = try ScratchDirectory("sluice-readme")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: "\(directory)/logs", withIntermediateDirectories: true)
        let log = "\(directory)/logs/app.log"
        _ = FileManager.default.createFile(atPath: log, contents: Data())
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = ["-f", "\(Self.root)/pipelines/main.conf", "--api.enabled", "false"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(["BEATS_PORT": "0"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Tail mode starts at the end: append once the input is watching, until the lines arrive.
        let lines = [
            #"{"timestamp":"2024-01-15T10:30:00.000Z","level":"INFO","message":"started"}"#,
            #"{"timestamp":"2024-01-16T08:00:00.000Z","level":"ERROR","message":"failed"}"#,
        ]
        let output = "\(directory)/data/out/choreoai-logs-2024.01.16.ndjson"
        let deadline = Date().addingTimeInterval(60)
        var appended = 0
        while !FileManager.default.fileExists(atPath: output) && Date() < deadline {
            if let handle = FileHandle(forWritingAtPath: log) {
                handle.seekToEndOfFile()
                handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                try handle.close()
                appended += 1
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: await errors.fileHandleForReading.readAll(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 0, "\(stderr)")
        let day15 = try String(contentsOfFile: "\(directory)/data/out/choreoai-logs-2024.01.15.ndjson", encoding: .utf8)
        let day16 = try String(contentsOfFile: output, encoding: .utf8)
        #expect(day15.contains(#""@timestamp":"2024-01-15T10:30:00.000Z""#) && day15.contains(#""message":"started""#))
        #expect(day16.contains(#""level":"ERROR""#))
        // Each append is read once: as many lines per day as appends that were read.
        #expect(day15.split(separator: "\n").count == day16.split(separator: "\n").count)
        #expect(day15.split(separator: "\n").count <= appended)
    }
}
