import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Synchronization
import Testing

/// A fixture's data directory (dead letters), removed with the last copy of the fixture.
final class DataDirectory: Sendable {
    let scratch: ScratchDirectory
    var path: String { scratch.path }

    init() throws { scratch = try ScratchDirectory("sluice-tests") }
    deinit { scratch.remove() }
}

/// A pipeline built from config text, with a scripted input and a recording output.
struct PipelineFixture {
    let pipeline: Pipeline
    let completions: CompletionLog
    let output: RecordingOutput
    /// Where dead letters go; removed with the last copy of the fixture.
    let data: DataDirectory
    var dataPath: String { data.path }

    init(
        filters: String = "", outputs: String = "recording {}", batches: [[Event]], output: RecordingOutput = RecordingOutput(),
        workers: Int = 1, batchSize: Int = 125, sendsPending: Bool = false,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { _ in }
    ) throws {
        data = try DataDirectory()
        let completions = CompletionLog()
        let input = ScriptedInput(batches: batches, log: completions, sendsPending: sendsPending)
        let catalog = PluginCatalog(
            BuiltinPlugins.specs + [
                PluginSpec.fixed(input: "scripted") { input },
                PluginSpec.fixed(output: "recording") { output },
            ], codecs: BuiltinPlugins.codecs)
        let text = "input { scripted {} } filter { \(filters) } output { \(outputs) }"
        let config = try PipelineConfig.parse([ConfigSource(name: "test", text: text)]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        pipeline = Pipeline(
            checked: checked, settings: PipelineSettings(workers: workers, batchSize: batchSize),
            dataPath: data.path, log: .discarding,
            retryPolicy: RetryPolicy(), sleep: sleep)
        self.completions = completions
        self.output = output
    }

    static func events(_ messages: [String]) -> [Event] {
        messages.map { Event(message: $0, timestamp: Timestamp(epochSeconds: 0)) }
    }
}

@Suite struct PipelineTests {
    @Test func everyBatchIsWrittenInOrderAndCompletedExactlyOnce() async throws {
        let batches = (0..<20).map { b in PipelineFixture.events((0..<10).map { "\(b)-\($0)" }) }
        let fixture = try PipelineFixture(batches: batches)
        try await fixture.pipeline.run()
        let written = await fixture.output.written.map { $0.fields["message"]!.stringValue! }
        #expect(written == batches.flatMap { $0.map { $0.fields["message"]!.stringValue! } })
        #expect(fixture.completions.completedBatches == Array(0..<20))
        #expect(fixture.pipeline.stats.snapshot.eventsOut == 200)
    }

    @Test func pendingEventsAreMadeByTheWorkersAndGoThroughLikeOthers() async throws {
        // 20 batches of 10 pending events: a worker takes several at once (batch size 125).
        let batches = (0..<20).map { b in PipelineFixture.events((0..<10).map { "\(b)-\($0)" }) }
        let fixture = try PipelineFixture(filters: #"mutate { add_field => { "seen" => "yes" } }"#, batches: batches, sendsPending: true)
        try await fixture.pipeline.run()
        let written = await fixture.output.written
        #expect(written.map { $0.fields["message"]!.stringValue! } == batches.flatMap { $0.map { $0.fields["message"]!.stringValue! } })
        #expect(written.allSatisfy { $0.fields["seen"] == .string("yes") })
        #expect(fixture.completions.completedBatches == Array(0..<20))
        #expect(fixture.pipeline.stats.snapshot.eventsIn == 200)
        #expect(fixture.pipeline.stats.snapshot.eventsOut == 200)
    }

    @Test func aBatchCompletesOnlyAfterItsRetriesSucceed() async throws {
        let retries = Mutex(0)
        let output = RecordingOutput(outcomes: [.retry("503"), .retry("503"), .written])
        let fixture = try PipelineFixture(batches: [PipelineFixture.events(["a", "b"])], output: output) { _ in
            retries.withLock { $0 += 1 }
        }
        try await fixture.pipeline.run()
        #expect(await output.attempts == 3)
        #expect(await output.written.count == 2)
        #expect(fixture.completions.completedBatches == [0])
        #expect(retries.withLock { $0 } == 2)
        #expect(fixture.pipeline.stats.snapshot.outputRetries == 2)
    }

    @Test func onlyTheItemsAnOutputNamesAreRetried() async throws {
        let output = RecordingOutput(outcomes: [.retryItems([1], "429"), .written])
        let fixture = try PipelineFixture(batches: [PipelineFixture.events(["a", "b", "c"])], output: output)
        try await fixture.pipeline.run()
        #expect(await output.written.map { $0.fields["message"]! } == ["a", "c", "b"])
        #expect(fixture.completions.completedBatches == [0])
    }

    @Test func rejectedEventsGoToTheDeadLetterFileAndTheBatchCompletes() async throws {
        let output = RecordingOutput(outcomes: [.rejected([0], "mapper_parsing_exception")])
        let fixture = try PipelineFixture(batches: [PipelineFixture.events(["bad", "good"])], output: output)
        try await fixture.pipeline.run()
        #expect(fixture.completions.completedBatches == [0])
        #expect(fixture.pipeline.stats.snapshot.eventsDeadLettered == 1)
    }

    @Test func aFullQueueSuspendsTheInputAndMemoryStaysBounded() async throws {
        let output = RecordingOutput()
        await output.hold()
        let batches = (0..<50).map { b in PipelineFixture.events((0..<10).map { "\(b)-\($0)" }) }
        let fixture = try PipelineFixture(batches: batches, output: output, workers: 1, batchSize: 10)
        let run = Task { try await fixture.pipeline.run() }
        // The worker holds one batch at the output; the queue holds at most workers × batch size.
        while await fixture.output.attempts == 0 { await Task.yield() }
        for _ in 0..<1000 { await Task.yield() }
        let sentWhileHeld = fixture.completions.sentBatches.count
        #expect(sentWhileHeld <= 3, "the input kept sending while the output was stuck: \(sentWhileHeld)")
        await output.release()
        try await run.value
        #expect(await output.written.count == 500)
        #expect(await fixture.pipeline.queue.highWaterEvents <= 10)
        // The input's waits for room are counted as backpressure; the workers' work as busy time.
        #expect(fixture.pipeline.stats.snapshot.backpressureNanoseconds > 0)
        #expect(fixture.pipeline.stats.snapshot.workerBusyNanoseconds > 0)
    }

    @Test func stopDrainsWhatWasTakenAndAcknowledgesOnlyWrittenEvents() async throws {
        let output = RecordingOutput()
        await output.hold()
        let batches = (0..<100).map { b in PipelineFixture.events(["\(b)"]) }
        let fixture = try PipelineFixture(batches: batches, output: output, batchSize: 1)
        let run = Task { try await fixture.pipeline.run() }
        while await fixture.output.attempts == 0 { await Task.yield() }
        fixture.pipeline.stop()
        await output.release()
        try await run.value
        let written = await output.written.map { Int($0.fields["message"]!.stringValue!)! }
        #expect(written.count < 100)
        #expect(fixture.completions.completedBatches == written)
    }

    @Test func forcedStopAcknowledgesNothingUnwritten() async throws {
        let output = RecordingOutput(outcomes: Array(repeating: .retry("down"), count: 1000))
        let fixture = try PipelineFixture(batches: [PipelineFixture.events(["a"])], output: output) { _ in
            try await Task.sleep(for: .milliseconds(1))
        }
        let run = Task { try await fixture.pipeline.run() }
        while await fixture.output.attempts < 3 { await Task.yield() }
        await fixture.pipeline.forceStop()
        try await run.value
        #expect(fixture.completions.completedBatches.isEmpty)
        #expect(await output.written.isEmpty)
    }

    @Test func conditionalsRouteEventsAndDropOnlyWhatTheConfigSays() async throws {
        let events = [
            Event(constructingFrom: ["level": "ERROR", "n": 1], now: Timestamp(epochSeconds: 0)),
            Event(constructingFrom: ["level": "DEBUG", "n": 2], now: Timestamp(epochSeconds: 0)),
            Event(constructingFrom: ["level": "INFO", "n": 3], now: Timestamp(epochSeconds: 0)),
            Event(constructingFrom: ["level": "INFO", "n": "three"], now: Timestamp(epochSeconds: 0)),
        ]
        let fixture = try PipelineFixture(
            filters: """
                if [level] == "DEBUG" { drop {} }
                else if [level] == "ERROR" { mutate { add_tag => ["alert"] } }
                if [n] > 2 { mutate { add_field => { "big" => "yes" } } }
                """, batches: [events])
        try await fixture.pipeline.run()
        let written = await fixture.output.written
        #expect(written.map { $0.fields["n"]! } == [1, 3])
        #expect(written[0].tags == ["alert"])
        #expect(written[1].fields["big"] == "yes")
        // DEBUG dropped by `drop`; "three" > 2 cannot be evaluated: dropped, as Logstash does.
        #expect(fixture.pipeline.stats.snapshot.eventsDropped == 2)
        #expect(fixture.completions.completedBatches == [0])
    }

    @Test func aBatchWhoseEventsAreAllDroppedStillCompletes() async throws {
        let fixture = try PipelineFixture(filters: "drop {}", batches: [PipelineFixture.events(["x"])])
        try await fixture.pipeline.run()
        #expect(fixture.completions.completedBatches == [0])
        #expect(await fixture.output.written.isEmpty)
    }
}

@Suite struct StageCounterTests {
    @Test func everyStageCountsWhatWentInAndOut() async throws {
        let batches = (0..<4).map { b in PipelineFixture.events((0..<5).map { "\(b)-\($0)" }) }
        let fixture = try PipelineFixture(
            filters: #"mutate { add_tag => ["seen"] } if [message] =~ /^0-/ { drop {} }"#, batches: batches)
        try await fixture.pipeline.run()
        let stages = fixture.pipeline.stats.snapshot.stages
        #expect(stages["scripted_1"]?.eventsOut == 20)
        #expect(stages["mutate_1"]?.eventsIn == 20 && stages["mutate_1"]?.eventsOut == 20)
        #expect(stages["drop_1"]?.eventsIn == 5 && stages["drop_1"]?.eventsOut == 0)
        #expect(stages["recording_1"]?.eventsIn == 15 && stages["recording_1"]?.eventsOut == 15)
    }
}

@Suite struct WorkerBatchingTests {
    @Test func smallQueuedBatchesAreWrittenTogetherAndEachCompletes() async throws {
        let output = RecordingOutput()
        await output.hold()
        let batches = (0..<40).map { PipelineFixture.events(["\($0)"]) }
        let fixture = try PipelineFixture(batches: batches, output: output, workers: 1, batchSize: 20)
        let run = Task { try await fixture.pipeline.run() }
        // While the output is stuck on the first batch, the others queue up (the queue holds 20 events).
        while await output.attempts == 0 { await Task.yield() }
        for _ in 0..<200 { await Task.yield() }
        await output.release()
        try await run.value
        #expect(await output.written.map { $0.fields["message"]!.stringValue! } == (0..<40).map { "\($0)" })
        #expect(await output.attempts < 40)
        #expect(fixture.completions.completedBatches.sorted() == Array(0..<40))
    }
}
