import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Testing

/// The file input inside a real pipeline, with a recording output.
@Suite final class FileInputTests {
    let scratch: ScratchDirectory
    var directory: String { scratch.path }

    init() throws {
        scratch = try ScratchDirectory("sluice-file-input")
        try FileManager.default.createDirectory(atPath: "\(directory)/in", withIntermediateDirectories: true)
    }

    deinit { scratch.remove() }

    func pipeline(_ settings: String, output: RecordingOutput) throws -> Pipeline {
        let catalog = PluginCatalog(
            BuiltinPlugins.specs + [
                PluginSpec.fixed(output: "recording") { output }
            ], codecs: BuiltinPlugins.codecs)
        let text = "input { file { path => \"\(directory)/in/*.log\" sincedb_path => \"\(directory)/sincedb\" \(settings) } } output { recording {} }"
        let config = try PipelineConfig.parse([ConfigSource(name: "t", text: text)]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        return Pipeline(
            checked: checked, settings: PipelineSettings(workers: 1, batchSize: 10),
            dataPath: directory, log: .discarding)
    }

    func write(_ name: String, _ text: String, append: Bool = false) throws {
        let path = "\(directory)/in/\(name)"
        if append, let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    func messages(_ output: RecordingOutput) async -> [String] {
        await output.written.compactMap { $0.fields["message"]?.stringValue }
    }

    /// Polls until `condition` holds (a deadline, not a fixed sleep).
    func eventually(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met in time")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func readModeReadsWholeFilesIncludingAnUnfinishedLastLineThenExits() async throws {
        try write("a.log", (1...25).map { "a\($0)" }.joined(separator: "\n") + "\n")
        try write("b.log", "b1\nb2")
        let output = RecordingOutput()
        try await pipeline(
            "mode => \"read\" exit_after_read => true file_completed_action => \"log\" file_completed_log_path => \"\(directory)/done\"",
            output: output
        ).run()
        let got = await messages(output)
        #expect(got.count == 27)
        #expect(got.filter { $0.hasPrefix("a") } == (1...25).map { "a\($0)" })
        #expect(got.filter { $0.hasPrefix("b") } == ["b1", "b2"])
        let done = try String(contentsOfFile: "\(directory)/done", encoding: .utf8)
        #expect(done.split(separator: "\n").count == 2)
        // ECS fields, as Logstash 8 sets them.
        let first = try #require(await output.written.first)
        #expect(first[try FieldPath(parsing: "[log][file][path]")]?.stringValue?.hasSuffix(".log") == true)
        #expect(first[try FieldPath(parsing: "[event][original]")] == first.fields["message"])
    }

    @Test func aSecondRunReadsOnlyWhatIsNewAndTheSincedbHasLogstashsFormat() async throws {
        try write("a.log", "one\ntwo\n")
        let first = RecordingOutput()
        try await pipeline("mode => \"read\" exit_after_read => true file_completed_action => \"log\" file_completed_log_path => \"\(directory)/done\"", output: first).run()
        #expect(await messages(first) == ["one", "two"])
        try write("a.log", "three\n", append: true)
        let second = RecordingOutput()
        try await pipeline("mode => \"read\" exit_after_read => true file_completed_action => \"log\" file_completed_log_path => \"\(directory)/done\"", output: second).run()
        #expect(await messages(second) == ["three"])
        let line = try String(contentsOfFile: "\(directory)/sincedb", encoding: .utf8).split(separator: "\n").first ?? ""
        let fields = line.split(separator: " ")
        #expect(fields.count == 6)
        #expect(fields[3] == "14")  // bytes of one\ntwo\nthree\n
        #expect(fields[5].hasSuffix("/in/a.log"))
    }

    @Test func unacknowledgedLinesAreReadAgainAfterARestart() async throws {
        try write("a.log", (1...30).map { "l\($0)" }.joined(separator: "\n") + "\n")
        // The output never succeeds: nothing is acknowledged, so nothing is recorded.
        let failing = RecordingOutput(outcomes: Array(repeating: .retry("down"), count: 10_000))
        let pipeline = try pipeline("mode => \"read\" exit_after_read => true", output: failing)
        let run = Task { try await pipeline.run() }
        try await eventually { await failing.attempts >= 2 }
        await pipeline.forceStop()
        try await run.value
        let again = RecordingOutput()
        try await self.pipeline("mode => \"read\" exit_after_read => true file_completed_action => \"log\" file_completed_log_path => \"\(directory)/done\"", output: again).run()
        #expect(await messages(again) == (1...30).map { "l\($0)" })
    }

    @Test func tailModeFollowsAppendsRotationAndTruncation() async throws {
        try write("app.log", "old line\n")
        let output = RecordingOutput()
        let pipeline = try pipeline(
            "start_position => \"end\" stat_interval => \"10 ms\" discover_interval => 1 sincedb_write_interval => \"10 ms\"",
            output: output)
        let run = Task { try await pipeline.run() }
        // Wait until the input has opened the file (its position is saved), then append.
        try await eventually { FileManager.default.fileExists(atPath: "\(directory)/sincedb") }
        try write("app.log", "first\nsecond\npart", append: true)
        try await eventually { await messages(output).count == 2 }
        try write("app.log", "ial\n", append: true)
        try await eventually { await messages(output).count == 3 }
        // Rotation by rename: the old file is finished, the new one read from its start.
        try write("app.log", "before rotation\n", append: true)
        try FileManager.default.moveItem(atPath: "\(directory)/in/app.log", toPath: "\(directory)/in/app.log.1")
        try write("app.log", "after rotation\n")
        try await eventually { await messages(output).count == 5 }
        // Truncation: read again from the start.
        try write("app.log", "x\n")
        try await eventually { await messages(output).count == 6 }
        pipeline.stop()
        try await run.value
        #expect(await messages(output) == ["first", "second", "partial", "before rotation", "after rotation", "x"])
    }
}

@Suite struct FileInputGzipTests {
    @Test func readModeReadsGzipFilesWholeAndOnlyOnce() async throws {
        let scratch = try ScratchDirectory("sluice-gzip-input")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: "\(directory)/in", withIntermediateDirectories: true)
        let text = (1...300).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s' \"$0\" | gzip -c > '\(directory)/in/old.log.gz'", text]
        try process.run()
        await process.exited()
        func run() async throws -> [Event] {
            let output = RecordingOutput()
            let catalog = PluginCatalog(
                BuiltinPlugins.specs + [PluginSpec.fixed(output: "recording") { output }],
                codecs: BuiltinPlugins.codecs)
            let config = try PipelineConfig.parse([
                ConfigSource(
                    name: "t",
                    text: "input { file { path => \"\(directory)/in/*.gz\" mode => \"read\" exit_after_read => true codec => json_lines file_completed_action => \"log\" file_completed_log_path => \"\(directory)/done\" sincedb_path => \"\(directory)/sincedb\" } } output { recording {} }"
                )
            ]).get()
            let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
            try await Pipeline(checked: checked, settings: PipelineSettings(workers: 1, batchSize: 50), dataPath: directory, log: .discarding).run()
            return await output.written
        }
        let first = try await run()
        #expect(first.map { $0.fields["n"] } == (1...300).map { Value.int(Int64($0)) })
        #expect(try await run().isEmpty)
    }
}

@Suite struct FileInputLagTests {
    @Test func theLagGaugeIsTheFilesBytesNotYetAcknowledged() async throws {
        let test = try FileInputTests()
        let text = (0..<20).map { "line \($0)\n" }.joined()
        try test.write("app.log", text)
        let output = RecordingOutput()
        await output.hold()
        let pipeline = try test.pipeline(
            "start_position => \"beginning\" stat_interval => \"10 ms\" sincedb_write_interval => \"10 ms\"", output: output)
        let run = Task { try await pipeline.run() }
        let name = FileInputMetric.lagBytes.rawValue
        let labels = "path=\"\(test.directory)/in/app.log\""
        func lag() -> Int? {
            pipeline.stats.snapshot.plugins.values.lazy.compactMap { $0.gauges[PluginMetrics.MetricKey(name: name, labels: labels)] }.first
        }
        // Read and sent, but the output holds it: the whole file is behind.
        try await test.eventually { lag() == text.utf8.count }
        await output.release()
        try await test.eventually { lag() == 0 }
        try test.write("app.log", "one more\n", append: true)
        try await test.eventually { await test.messages(output).count == 21 && lag() == 0 }
        pipeline.stop()
        try await run.value
    }
}
