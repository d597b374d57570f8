import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

@Suite final class FileOutputTests {
    let scratch: ScratchDirectory
    var directory: String { scratch.path }

    init() throws {
        scratch = try ScratchDirectory("sluice-file-output")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { scratch.remove() }

    func output(_ settings: String) throws -> FileOutput {
        FileOutput(
            options: try StageMaker.options(
                .output, "file { \(settings) }", catalog: BuiltinPlugins.catalog, context: OptionContext(workingDirectory: directory)))
    }

    let context = StageContext(stageID: "file_1", batchSize: 125, dataPath: "/tmp", log: .discarding)

    func event(_ iso: String, _ fields: OrderedObject = [:]) -> Event {
        var event = Event(constructingFrom: fields, now: Timestamp(iso8601: iso)!)
        event.fields["@version"] = nil
        return event
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: "\(directory)/\(path)", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func concurrentWritersEachGetTheirTurnAndEveryLineArrivesWholeAndInBatchOrder() async throws {
        // Eight writers at once, as pipeline workers deliver: every batch is written whole (its
        // lines together, in order), nothing is lost, nothing is interleaved.
        let out = try output("path => \"out/logs-%{+YYYY.MM.dd}.ndjson\"")
        let writers = 8
        let batches = 40
        let perBatch = 25
        let results = await withTaskGroup(of: [WriteOutcome].self) { group in
            for w in 0..<writers {
                group.addTask { [context] in
                    var outcomes: [WriteOutcome] = []
                    for b in 0..<batches {
                        let events = (0..<perBatch).map { i in
                            Event(
                                constructingFrom: ["w": .int(Int64(w)), "b": .int(Int64(b)), "i": .int(Int64(i))],
                                now: Timestamp(epochSeconds: 1_705_312_800))
                        }
                        outcomes.append(await out.write(events, context: context))
                    }
                    return outcomes
                }
            }
            var all: [WriteOutcome] = []
            for await outcomes in group { all += outcomes }
            return all
        }
        await out.close()
        #expect(results.count == writers * batches && results.allSatisfy { $0 == .written })
        let written = try lines("out/logs-2024.01.15.ndjson").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(written.count == writers * batches * perBatch)
        // Each batch's lines are consecutive and in order; each writer's batches come in order.
        var nextBatch = [Int](repeating: 0, count: writers)
        var position = 0
        while position < written.count {
            let w = try #require(written[position]["w"] as? Int)
            let b = try #require(written[position]["b"] as? Int)
            #expect(b == nextBatch[w])
            nextBatch[w] = b + 1
            for i in 0..<perBatch {
                #expect(written[position + i]["w"] as? Int == w && written[position + i]["b"] as? Int == b && written[position + i]["i"] as? Int == i)
            }
            position += perBatch
        }
        #expect(nextBatch == [Int](repeating: batches, count: writers))
    }

    @Test func eventsOfSeveralDaysInOneBatchLandInTheirDaysFilesInArrivalOrder() async throws {
        let out = try output("path => \"out/logs-%{+YYYY.MM.dd}.ndjson\"")
        let batch = [
            event("2024-01-15T23:59:59.999Z", ["n": 1]), event("2024-01-16T00:00:00.000Z", ["n": 2]),
            event("2024-01-15T12:00:00Z", ["n": 3]), event("2024-01-17T00:00:00+01:00", ["n": 4]),
        ]
        #expect(await out.write(batch, context: context) == .written)
        await out.close()
        #expect(try lines("out/logs-2024.01.15.ndjson") == [
            #"{"@timestamp":"2024-01-15T23:59:59.999Z","n":1}"#, #"{"@timestamp":"2024-01-15T12:00:00.000Z","n":3}"#,
            // 00:00 at +01:00 is still the 16th in UTC.
            #"{"@timestamp":"2024-01-16T23:00:00.000Z","n":4}"#,
        ].filter { $0.contains("15T") })
        #expect(try lines("out/logs-2024.01.16.ndjson").count == 2)
    }

    @Test func pathsThatEscapeTheRootGoToTheFailureFile() async throws {
        let out = try output("path => \"out/%{[host][name]}/app.log\"")
        let batch = [
            event("2024-01-15T00:00:00Z", ["host": ["name": "../../etc"], "n": 1]),
            event("2024-01-15T00:00:00Z", ["host": ["name": "web-1"], "n": 2]),
            event("2024-01-15T00:00:00Z", ["host": ["name": "%2e%2e"], "n": 3]),
            event("2024-01-15T00:00:00Z", ["host": ["name": "a/../b"], "n": 4]),
        ]
        #expect(await out.write(batch, context: context) == .written)
        await out.close()
        #expect(try lines("out/_filepath_failures").count == 1)
        #expect(try lines("out/web-1/app.log").count == 1)
        #expect(try lines("out/%2e%2e/app.log").count == 1)  // a literal name, not decoded
        #expect(try lines("out/b/app.log").count == 1)  // .. that stays inside is allowed
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/etc"))
    }

    @Test func aMissingFieldStaysLiteralInThePath() async throws {
        let out = try output("path => \"out/%{service}.log\"")
        #expect(await out.write([event("2024-01-15T00:00:00Z")], context: context) == .written)
        await out.close()
        #expect(try lines("out/%{service}.log").count == 1)
    }

    @Test func aFileDeletedWhileOpenIsRecreated() async throws {
        let out = try output("path => \"out/app.log\"")
        #expect(await out.write([event("2024-01-15T00:00:00Z", ["n": 1])], context: context) == .written)
        try FileManager.default.removeItem(atPath: "\(directory)/out/app.log")
        #expect(await out.write([event("2024-01-15T00:00:00Z", ["n": 2])], context: context) == .written)
        await out.close()
        #expect(try lines("out/app.log") == [#"{"@timestamp":"2024-01-15T00:00:00.000Z","n":2}"#])
    }

    @Test func aPartialLastLineLeftByACrashIsEndedBeforeNewEvents() async throws {
        try FileManager.default.createDirectory(atPath: "\(directory)/out", withIntermediateDirectories: true)
        try Data((#"{"@timestamp":"2024-01-15T00:00:00.000Z","n":1}"# + "\n" + #"{"@timest"#).utf8)
            .write(to: URL(fileURLWithPath: "\(directory)/out/app.log"))
        let out = try output("path => \"out/app.log\"")
        #expect(await out.write([event("2024-01-15T00:00:00Z", ["n": 2])], context: context) == .written)
        await out.close()
        let written = try lines("out/app.log")
        #expect(written.last == #"{"@timestamp":"2024-01-15T00:00:00.000Z","n":2}"#)
        #expect(written.count == 3)
        #expect(written[1] == #"{"@timest"#)
    }

    @Test func aFullDiskIsRetriedAndNothingClaimsToBeWritten() async throws {
        let out = FileOutput(options: try StageMaker.options(.output, "file { path => \"/dev/full\" }", catalog: BuiltinPlugins.catalog))
        let outcome = await out.write([event("2024-01-15T00:00:00Z")], context: context)
        guard case .retry(let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("No space left"))
    }

    @Test func overwriteKeepsOnlyTheLastEventOfABatch() async throws {
        let out = try output("path => \"out/state.json\" write_behavior => \"overwrite\"")
        _ = await out.write([event("2024-01-15T00:00:00Z", ["n": 1]), event("2024-01-15T00:00:00Z", ["n": 2])], context: context)
        await out.close()
        #expect(try lines("out/state.json") == [#"{"@timestamp":"2024-01-15T00:00:00.000Z","n":2}"#])
    }

    @Test func aLineCodecWithFormatWritesTheFormat() async throws {
        let out = try output("path => \"out/x.txt\" codec => line { format => \"%{level} %{message}\" }")
        _ = await out.write([event("2024-01-15T00:00:00Z", ["level": "INFO", "message": "hi"])], context: context)
        await out.close()
        #expect(try lines("out/x.txt") == ["INFO hi"])
    }
}

@Suite struct FileOutputGzipTests {
    @Test func gzipOutputStaysValidAcrossBatchesAndReopensAndGzipReadsIt() async throws {
        let scratch = try ScratchDirectory("sluice-gzip")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let context = StageContext(stageID: "file_1", batchSize: 125, dataPath: "/tmp", log: .discarding)
        let options: FileOutputOptions = try StageMaker.options(
            .output, #"file { path => "out/x.ndjson.gz" gzip => true }"#, catalog: BuiltinPlugins.catalog,
            context: OptionContext(workingDirectory: directory))
        for round in 0..<2 {
            // Two outputs one after the other: a restart appends new members to the same file.
            let out = FileOutput(options: options)
            for batch in 0..<3 {
                let events = (0..<10).map { Event(constructingFrom: ["n": .int(Int64(round * 100 + batch * 10 + $0))], now: Timestamp(epochSeconds: 0)) }
                #expect(await out.write(events, context: context) == .written)
            }
            await out.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(directory)/out/x.ndjson.gz'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = await pipe.fileHandleForReading.readAll()
        await process.exited()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 60)
        #expect(lines.last?.contains("\"n\":129") == true)
    }
}
