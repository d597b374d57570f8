import Foundation
import SluiceTestSupport
import Testing

/// The real `sluice` binary, run as a user runs it.
@Suite struct StdinToStdoutTests {
    /// The `sluice` executable built next to this test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sluice")
    }

    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary to its end on a Dispatch thread (see `offPool`).
    /// `environment`: variables to set (or, with `nil`, to remove) for this run.
    static func sluice(_ arguments: [String], stdin: String, environment: [String: String?] = [:]) async throws -> Run {
        try await offPool { try sluiceBlocking(arguments, stdin: stdin, environment: environment) }
    }

    static func sluiceBlocking(_ arguments: [String], stdin: String, environment: [String: String?] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            var variables = ProcessInfo.processInfo.environment
            for (name, value) in environment { variables[name] = value }
            process.environment = variables
        }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func theBinaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(Self.binary.path)")
    }

    @Test func jsonLinesFromStdinComeOutInOrderWithTimestampAndVersion() async throws {
        let lines = (1...300).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n"
        let run = try await Self.sluice(
            ["-w", "1", "-e", "input { stdin { codec => json_lines } } output { stdout { codec => json_lines } }"],
            stdin: lines)
        #expect(run.status == 0, "\(run.stderr)")
        let events = run.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.count == 300)
        #expect(events.compactMap { $0?["n"] as? Int } == Array(1...300))
        #expect(events.allSatisfy { $0?["@version"] as? String == "1" && ($0?["@timestamp"] as? String)?.hasSuffix("Z") == true })
        // Logs go to stderr only: stdout holds nothing but events.
        #expect(run.stderr.contains("pipeline finished"))
    }

    @Test func generatorThreadsEachMakeTheirCount() async throws {
        let run = try await Self.sluice(
            ["-e", #"input { generator { count => 5 threads => 3 message => "m" } } output { stdout { codec => json_lines } }"#], stdin: "")
        #expect(run.status == 0, "\(run.stderr)")
        let events = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let sequences = events.compactMap { ($0["event"] as? [String: Any])?["sequence"] as? Int }
        #expect(events.count == 15)
        #expect(sequences.sorted() == (0..<5).flatMap { [$0, $0, $0] })
    }

    /// Each batch carries its own copy of the lines (see `GeneratorInput.copy`): the text must be
    /// exactly the configured one, long and non-ASCII lines included, in the configured order (one
    /// worker, so batches are written in order).
    @Test func generatorLinesArriveWholeAndInOrder() async throws {
        let long = "a first line that is long enough to need storage of its own: 0123456789"
        let run = try await Self.sluice(
            ["-e", #"input { generator { count => 3 lines => ["\#(long)", "zweite Zeile: café ü", "x"] } } output { stdout { codec => json_lines } }"#,
             "--pipeline.batch.size", "2", "--pipeline.workers", "1"], stdin: "")
        #expect(run.status == 0, "\(run.stderr)")
        let messages = run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["message"] as? String
        }
        #expect(messages == Array(repeating: [long, "zweite Zeile: café ü", "x"], count: 3).flatMap { $0 })
    }

    @Test func invalidJSONBecomesATaggedEventWithTheRawLine() async throws {
        let run = try await Self.sluice(
            ["-e", "input { stdin { codec => json_lines } } output { stdout { codec => json_lines } }"],
            stdin: "{\"ok\":true}\nthis is {not json\n")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"message\":\"this is {not json\""))
        #expect(lines[1].contains("\"tags\":[\"_jsonparsefailure\"]"))
    }

    @Test func aConfigErrorExitsOneWithTheDiagnostic() async throws {
        let run = try await Self.sluice(["-e", "filter { jsonn { } }"], stdin: "")
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown filter plugin \"jsonn\" (did you mean \"json\"?)"))
        #expect(run.stdout.isEmpty)
    }

    @Test func checkSaysConfigurationOK() async throws {
        let run = try await Self.sluice(["check", "-e", "input { stdin {} } output { stdout {} }"], stdin: "")
        #expect(run.status == 0)
        #expect(run.stdout == "Configuration OK\n")
    }
}
