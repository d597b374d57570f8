import Foundation
import SluiceTestSupport
import Testing

/// The real binary's beats input against pylogbeat (PyPI), a Lumberjack client nobody on the team
/// wrote. It numbers sequences across windows and waits for the ACK of each window's last event.
/// `.ci/run` installs it (`pip install pylogbeat`).
@Suite struct PylogbeatInteropTests {
    @Test func threeWindowsFromPylogbeatArriveOnceEachInOrder() async throws {
        let scratch = try ScratchDirectory("sluice-pylogbeat")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sluice = try await BeatsProcess.start(directory: directory)
        defer { if sluice.process.isRunning { sluice.process.terminate() } }
        let bound = sluice.port

        let script = """
            import sys, pylogbeat
            with pylogbeat.PyLogBeatClient("127.0.0.1", \(bound), ssl_enable=False, timeout=20) as client:
                for window in range(3):
                    client.send([{"message": f"w{window}-{i}", "seq": window * 100 + i} for i in range(100)])
            print("sent")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script]
        let pythonOutput = Pipe()
        python.standardOutput = pythonOutput
        python.standardError = pythonOutput
        try python.run()
        let said = String(decoding: await pythonOutput.fileHandleForReading.readAll(), as: UTF8.self)
        await python.exited()
        #expect(python.terminationStatus == 0, "pylogbeat failed (is it installed? pip install pylogbeat): \(said)")
        #expect(said.contains("sent"))

        #expect(await sluice.stop() == 0)
        let lines = try String(contentsOfFile: "\(directory)/out.ndjson", encoding: .utf8).split(separator: "\n")
        let sequence = lines.compactMap { line in line.firstMatch(of: /"seq":(\d+)/).map { Int($0.output.1)! } }
        #expect(sequence == Array(0..<300))  // each once, in order (one worker)
        #expect(lines.first?.contains(#""message":"w0-0""#) == true)
    }
}
