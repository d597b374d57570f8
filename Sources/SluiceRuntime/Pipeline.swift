public import SluiceConfig
public import SluiceCore
import Synchronization

/// A running pipeline: inputs → bounded queue → workers (filters, conditionals) → output runners,
/// with end-to-end acknowledgement.
///
/// `run()` returns when every input has ended (stdin at EOF, a generator's count, a read-mode file
/// input) and everything queued has been written, or after `stop()` once the queue is drained.
/// `forceStop()` gives up on what is not written yet: those batches are never acknowledged, so
/// their sources deliver them again after a restart.
public final class Pipeline: Sendable {
    public let stats: PipelineStats
    public let settings: PipelineSettings
    let checked: CheckedPipeline
    let dataPath: String
    let log: StageLog
    let retryPolicy: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void
    /// The bounded queue between inputs and workers (exposed for stats and tests).
    public let queue: EventQueue
    private let control = Locked(Control())
    /// Tells stages that a forced stop happened.
    let forcedStop = StopSignal()

    struct Control {
        var inputTask: Task<Void, Never>?
        var stopRequested = false
        /// The first input that failed: `run` throws it once the pipeline has drained.
        var inputFailure: PipelineError?
        var runners: [OutputRunner] = []
    }

    public init(
        checked: CheckedPipeline, settings: PipelineSettings, dataPath: String,
        log: StageLog, retryPolicy: RetryPolicy = RetryPolicy(), queueMaxBytes: Int = 64 << 20,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.checked = checked
        self.stats = PipelineStats(stageIDs: SectionKind.allCases.flatMap { checked.stages($0).map(\.id) })
        self.settings = settings
        self.dataPath = dataPath
        self.log = log
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        // Logstash's memory queue holds workers × batch size events; bytes bound it too.
        self.queue = EventQueue(maxEvents: max(1, settings.workers) * settings.batchSize, maxBytes: queueMaxBytes)
    }

    func context(_ stage: CheckedStage) -> StageContext {
        StageContext(
            stageID: stage.id, batchSize: settings.batchSize, dataPath: dataPath, log: log, forcedStop: forcedStop,
            metrics: stats.plugins[stage.id] ?? PluginMetrics())
    }

    /// Builds every stage (so a config that cannot start fails before anything runs), then runs.
    public func run() async throws {
        let outputStages = checked.stages(.output)
        let deadLetters = DeadLetterWriter(directory: "\(dataPath)/dead_letter_queue/main")
        var runners: [OutputRunner] = []
        for stage in outputStages {
            guard case .output(let make)? = stage.prepared?.factory else { throw PipelineError.notRunnable(stage) }
            let output = try PipelineError.starting(stage) { try make(context(stage)) }
            runners.append(
                OutputRunner(
                    output: output, context: context(stage), retryPolicy: retryPolicy, deadLetters: deadLetters,
                    stats: stats, sleep: sleep))
        }
        var inputs: [(any Input, StageContext, CheckedStage)] = []
        for stage in checked.stages(.input) {
            guard case .input(let make)? = stage.prepared?.factory else { throw PipelineError.notRunnable(stage) }
            let stageContext = context(stage)
            inputs.append((try PipelineError.starting(stage) { try make(stageContext) }, stageContext, stage))
        }
        let outputIndex = Dictionary(uniqueKeysWithValues: outputStages.enumerated().map { ($1.id, $0) })
        // Compile one worker up front, so a config error surfaces here and not inside a task.
        _ = try FilterChain(checked.filters, log: log, stats: stats)
        _ = try OutputRouter(checked.outputs, outputIndex: outputIndex)

        let startedRunners = runners
        let alreadyStopped = control.withLock { control -> Bool in
            control.runners = startedRunners
            return control.stopRequested
        }
        let queue = self.queue
        let stats = self.stats
        let inputTask = Task {
            await withTaskGroup(of: Void.self) { group in
                for (input, context, stage) in inputs {
                    group.addTask { [self] in
                        do {
                            try await input.run(
                                sink: CountingSink(queue: queue, counters: stats.stages[context.stageID], stats: stats),
                                context: context)
                        } catch is CancellationError {
                        } catch {
                            // An input that cannot go on (its port is taken, say) stops the pipeline:
                            // what was taken is written and acknowledged, and `run` reports it.
                            let failure = PipelineError.stageFailed(stage, "\(error)")
                            context.log.error("\(failure)", ["stage": context.stageID])
                            control.withLock { if $0.inputFailure == nil { $0.inputFailure = failure } }
                            stop()
                        }
                    }
                }
            }
            await queue.close()
        }
        control.withLock { $0.inputTask = inputTask }
        if alreadyStopped { inputTask.cancel() }

        let workers = max(1, settings.workers)
        let allRunners = runners
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { [self] in
                    await self.work(runners: allRunners, outputIndex: outputIndex)
                }
            }
        }
        await inputTask.value
        for runner in allRunners { await runner.close() }
        await deadLetters.close()
        if let failure = control.withLock({ $0.inputFailure }) { throw failure }
    }

    /// One worker: take a batch, filter, route, deliver, complete; until the queue is closed and empty.
    func work(runners: [OutputRunner], outputIndex: [String: Int]) async {
        guard var chain = try? FilterChain(checked.filters, log: log, stats: stats),
            var router = try? OutputRouter(checked.outputs, outputIndex: outputIndex)
        else { return }
        while true {
            // Under load, several small input batches (beats windows, short reads) become one worker
            // batch of up to `pipeline.batch.size` events; each keeps its own completion.
            var batches = await queue.receive(upTo: settings.batchSize)
            if batches.isEmpty { break }
            let busySince = ContinuousClock.now
            defer { stats.workerBusyNanoseconds.add(Int((ContinuousClock.now - busySince).nanoseconds), ordering: .relaxed) }
            var events = Pipeline.takeEvents(from: &batches)
            let received = events.count
            stats.eventsIn.add(received, ordering: .relaxed)
            chain.run(&events, now: .now())
            if events.count < received { stats.eventsDropped.add(received - events.count, ordering: .relaxed) }
            stats.eventsFiltered.add(events.count, ordering: .relaxed)
            let failed = Event.countFailureTagged(events)
            if failed > 0 { stats.eventsTaggedFailure.add(failed, ordering: .relaxed) }
            let routed = router.route(events)
            let completions = batches.compactMap(\.completion)
            let targets = routed.indices.filter { !routed[$0].isEmpty }
            for _ in targets {
                for completion in completions { completion.expect() }
            }
            if targets.count == 1 {
                // One output (the usual case): delivered on this task. A child task per batch
                // cost a task and a thread wake-up for nothing.
                await Pipeline.deliver(routed[targets[0]], to: runners[targets[0]], completing: completions)
            } else {
                await withTaskGroup(of: Void.self) { group in
                    for index in targets {
                        let runner = runners[index]
                        let part = routed[index]
                        group.addTask { await Pipeline.deliver(part, to: runner, completing: completions) }
                    }
                }
            }
            for completion in completions {
                completion.seal()
                if completion.isComplete { stats.batchesCompleted.add(1, ordering: .relaxed) }
            }
            stats.batchesCompleted.add(batches.count - completions.count, ordering: .relaxed)
        }
    }

    /// Delivers one output's part of a batch; its completions count this output as done once the
    /// events are written or dead-lettered.
    static func deliver(_ part: [Event], to runner: OutputRunner, completing completions: [BatchCompletion]) async {
        if await runner.deliver(part) {
            for completion in completions { completion.finish() }
        }
    }

    /// The events of `batches`, moved out of them: the filters then hold the only reference to each
    /// event's storage, so changing a field changes it in place instead of copying the event.
    /// Pending events (see `PendingEvents`) are made here, on the worker's task.
    static func takeEvents(from batches: inout [EventBatch]) -> [Event] {
        if batches.count == 1 { return batches[0].takeEvents() }
        var events: [Event] = []
        events.reserveCapacity(batches.reduce(0) { $0 + $1.count })
        for i in batches.indices { events.append(contentsOf: batches[i].takeEvents()) }
        return events
    }

    /// Graceful stop: inputs stop taking new data; what is queued is filtered, written and
    /// acknowledged; then `run()` returns.
    public func stop() {
        let task = control.withLock { control -> Task<Void, Never>? in
            control.stopRequested = true
            return control.inputTask
        }
        task?.cancel()
    }

    /// Forced stop: retries end and nothing more is acknowledged.
    public func forceStop() async {
        forcedStop.set()
        stop()
        let runners = control.withLock { $0.runners }
        for runner in runners { runner.abandon() }
        await queue.close()
    }
}

/// Forwards an input's batches to the queue, counting them for the input's stage.
struct CountingSink: EventSink {
    let queue: EventQueue
    let counters: StageCounters?
    let stats: PipelineStats

    func send(_ batch: EventBatch) async throws {
        let start = ContinuousClock.now
        try await queue.send(batch)
        let waited = ContinuousClock.now - start
        if waited > .microseconds(50) { stats.backpressureNanoseconds.add(Int(waited.nanoseconds), ordering: .relaxed) }
        counters?.record(in: 0, out: batch.count, duration: .zero)
        stats.inputBytes.add(batch.byteCount, ordering: .relaxed)
    }
}
