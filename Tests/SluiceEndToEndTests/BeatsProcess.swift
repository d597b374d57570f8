import Foundation
import SluiceTestSupport

/// The real binary with a beats input on 127.0.0.1 and a port the OS picks, writing events to a
/// file; the port is read from its "beats input listening" log line.
struct BeatsProcess {
    let process: Process
    let port: Int
    let errors: Pipe
    let output: String

    struct NotListening: Error, CustomStringConvertible {
        let description: String
    }

    static func start(directory: String, workers: Int = 1) async throws -> BeatsProcess {
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = [
            "--path.data", "\(directory)/data", "--api.enabled", "false", "-w", "\(workers)", "-e",
            #"input { beats { host => "127.0.0.1" port => 0 } } output { file { path => "\#(directory)/out.ndjson" } }"#,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = await errors.fileHandleForReading.nextAvailable()
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
            if let port = log.firstMatch(of: /address=127\.0\.0\.1:(\d+)/).map({ Int($0.output.1)! }) {
                return BeatsProcess(process: process, port: port, errors: errors, output: "\(directory)/out.ndjson")
            }
        }
        if process.isRunning { process.terminate() }
        throw NotListening(description: "the beats input did not say where it listens: \(log)")
    }

    /// SIGTERM, then the exit status once the pipeline drained.
    func stop() async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        await process.exited()
        return process.terminationStatus
    }
}
