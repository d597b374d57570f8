import Foundation
import SluiceTestSupport

/// The real binary run with one `-e` config writing to `output`, started again after a kill -9 as
/// the crash tests do; whatever is still running is killed by `killAll()`.
final class RestartableSluice {
    let directory: String
    let output: String
    let config: String
    private(set) var started: [Process] = []

    /// `config` makes the config text from the output file's path.
    init(directory: String, config: (String) -> String) {
        self.directory = directory
        output = "\(directory)/out.ndjson"
        self.config = config(output)
    }

    func start() throws -> Process {
        let process = Process()
        process.executableURL = StdinToStdoutTests.binary
        process.arguments = ["--path.data", "\(directory)/data", "--api.enabled", "false", "-w", "1", "-e", config]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        started.append(process)
        return process
    }

    /// The output's lines so far.
    func lines() -> [Substring] {
        ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// The distinct `"seq":N` numbers in the output.
    func sequenceNumbers() -> Set<Int> {
        var seen = Set<Int>()
        for line in lines() {
            if let match = line.firstMatch(of: /"seq":(\d+)/) { seen.insert(Int(match.output.1)!) }
        }
        return seen
    }

    func killAll() {
        for process in started where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// What `handle` gives until it has given `marker` (or its end): a test waits on its client's
    /// word, not on time.
    static func read(_ handle: FileHandle, until marker: String) async -> String {
        var text = ""
        while !text.contains(marker) {
            let data = await handle.nextAvailable()
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }
}
