import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// kill -9 of the real binary while Elasticsearch fails and while it indexes, then a restart: no
/// event is missing (at least once), because a file offset is recorded only after the output
/// acknowledged its events.
@Suite struct ElasticsearchCrashTests {
    @Test func killNineWhileTheClusterFailsAndWhileItIndexesLosesNothing() async throws {
        let scratch = try ScratchDirectory("sluice-es-crash")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let count = 20_000
        let lines = (0..<count).map { #"{"seq":\#($0),"timestamp":"2024-01-15T10:00:00Z","level":"INFO"}"# }
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(directory)/in.log", atomically: true, encoding: .utf8)
        let server = try await BulkTestServer.start()
        server.failRequests(1_000_000, status: 503)
        let config = """
            input { file { path => "\(directory)/in.log" mode => "read" exit_after_read => true sincedb_path => "\(directory)/sincedb" } }
            filter { json { source => "message" remove_field => ["message", "event", "log", "host", "@version"] } }
            output { elasticsearch { hosts => ["\(server.url)"] index => "crash" retry_initial_interval => 0.02 retry_max_interval => 0.05 } }
            """
        var started: [Process] = []
        defer { for process in started where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func start() throws -> Process {
            let process = Process()
            process.executableURL = StdinToStdoutTests.binary
            process.arguments = ["--path.data", "\(directory)/data", "-w", "1", "-b", "10", "--api.enabled", "false", "-e", config]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            started.append(process)
            return process
        }
        func waitFor(_ condition: () -> Bool) async throws {
            let deadline = Date().addingTimeInterval(60)
            while !condition() {
                guard Date() < deadline else { throw CancellationError() }
                try await Task.sleep(for: .milliseconds(1))
            }
        }

        // 1. The cluster answers 503 to everything: kill -9 while the output retries.
        var process = try start()
        try await waitFor { server.bulkRequests >= 5 }
        kill(process.processIdentifier, SIGKILL)
        await process.exited()
        #expect(server.totalDocuments == 0)

        // 2. The cluster recovers: kill -9 again in the middle of indexing.
        server.stopFailing()
        process = try start()
        try await waitFor { server.totalDocuments >= count / 10 || !process.isRunning }
        kill(process.processIdentifier, SIGKILL)
        await process.exited()

        // 3. A last run reads what was not acknowledged and exits when done.
        process = try start()
        try await waitFor { !process.isRunning }
        #expect(process.terminationStatus == 0)

        var seen = Set<Int>()
        for document in server.documents(in: "crash") {
            if case .object(let object) = document, case .int(let seq)? = object["seq"] { seen.insert(Int(seq)) }
        }
        #expect(seen.count == count, "missing: \((0..<count).filter { !seen.contains($0) }.prefix(10))")
        let duplicates = server.documents(in: "crash").count - seen.count
        // At most what was in flight at the second kill is indexed twice.
        #expect(duplicates < count / 2)
        await server.stop()
    }
}
