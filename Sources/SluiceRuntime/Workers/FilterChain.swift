public import SluiceConfig
public import SluiceCore

/// One worker's compiled filter section: its own filter instances, with conditionals as
/// predicates that split a batch (event order is kept within each branch).
public struct FilterChain {
    indirect enum Step {
        case filter(FilterBox)
        case branch(Predicate, [Step], [Step])
    }

    /// Holds a filter so the chain can call its mutating `filter` in place.
    final class FilterBox {
        var filter: any Filter
        let stageID: String
        let counters: StageCounters?
        let metrics: PluginMetrics

        init(_ filter: any Filter, stageID: String, counters: StageCounters?, metrics: PluginMetrics?) {
            self.filter = filter
            self.stageID = stageID
            self.counters = counters
            self.metrics = metrics ?? PluginMetrics()
        }
    }

    let steps: [Step]
    let log: StageLog
    /// Events dropped because a condition could not be evaluated, by this chain so far.
    private(set) var conditionDrops = 0

    /// Builds the chain, making a filter instance per stage from its prepared options.
    public init(_ statements: [CheckedStatement], log: StageLog, stats: PipelineStats? = nil) throws {
        self.steps = try FilterChain.compile(statements, stats: stats)
        self.log = log
    }

    static func compile(_ statements: [CheckedStatement], stats: PipelineStats?) throws -> [Step] {
        try statements.map { statement in
            switch statement {
            case .stage(let stage):
                guard case .filter(let make)? = stage.prepared?.factory else { throw PipelineError.notRunnable(stage) }
                return .filter(FilterBox(make(), stageID: stage.id, counters: stats?.stages[stage.id], metrics: stats?.plugins[stage.id]))
            case .branch(let condition, let then, let otherwise, _):
                return .branch(
                    try PredicateCompiler.compile(condition), try compile(then, stats: stats),
                    try compile(otherwise, stats: stats))
            }
        }
    }

    /// Runs every step over the batch.
    public mutating func run(_ events: inout [Event], now: Timestamp) {
        run(steps, &events, now: now)
    }

    private mutating func run(_ steps: [Step], _ events: inout [Event], now: Timestamp) {
        for step in steps {
            if events.isEmpty { return }
            switch step {
            case .filter(let box):
                let received = events.count
                let start = ContinuousClock.now
                box.filter.filter(&events, context: FilterContext(stageID: box.stageID, now: now, log: log, metrics: box.metrics))
                box.counters?.record(in: received, out: events.count, duration: ContinuousClock.now - start)
            case .branch(let predicate, let then, let otherwise):
                // Events keep their order: consecutive events that take the same branch go through it
                // together (one run when the whole batch agrees, the common case).
                var result: [Event] = []
                result.reserveCapacity(events.count)
                var run: [Event] = []
                var runTaken = false
                for event in events {
                    let taken: Bool
                    do {
                        taken = try PredicateEvaluator.evaluate(predicate, on: event)
                    } catch {
                        conditionDrops += 1
                        if conditionDrops == 1 || conditionDrops.isMultiple(of: 10_000) {
                            log.warning("an event was dropped: its condition could not be evaluated", ["reason": error.message])
                        }
                        continue
                    }
                    if taken != runTaken && !run.isEmpty {
                        self.run(runTaken ? then : otherwise, &run, now: now)
                        result += run
                        run.removeAll(keepingCapacity: true)
                    }
                    runTaken = taken
                    run.append(event)
                }
                if !run.isEmpty {
                    self.run(runTaken ? then : otherwise, &run, now: now)
                    result += run
                }
                events = result
            }
        }
    }
}
