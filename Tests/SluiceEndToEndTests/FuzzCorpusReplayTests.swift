import Foundation
import SluiceTestSupport
import Testing

/// Every seed and every crash a fuzzer ever found (fixtures/fuzz/TARGET/) goes through its target
/// again, in the plain build of `sluice-fuzz`: none may crash.
@Suite struct FuzzCorpusReplayTests {
    @Test(arguments: ["json", "config", "lumberjack", "date", "template", "grok", "dissect", "kv", "csv", "xml"])
    func theCorpusReplaysWithoutACrash(target: String) async throws {
        let folder = VectorFiles.repositoryRoot.path + "/fixtures/fuzz/\(target)"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { "\(folder)/\($0)" }
        #expect(!files.isEmpty)
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary.deletingLastPathComponent().appendingPathComponent("sluice-fuzz")
        process.arguments = [target] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: await output.fileHandleForReading.readAll(), as: UTF8.self)
        await process.exited()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("\(files.count) inputs replayed, no crash"))
    }
}
