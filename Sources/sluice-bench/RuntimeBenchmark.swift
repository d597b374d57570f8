import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
#if canImport(Glibc)
import Glibc
#endif

/// `sluice-bench runtime`: the pipeline's own overhead — queue, workers, routing, output runner,
/// completions — with events that cost nothing to make (the same batch sent again and again) and
/// an output that discards them.
struct RuntimeBenchmark {
    let events: Int
    let workers: Int
    let batchSize: Int
    /// The output section (`null {}` for the runtime alone, a `file { ... }` for the file output).
    var output = "null {}"
    var label = "runtime"

    /// Sends one prepared batch over and over; copies share storage, so no event is allocated.
    struct RepeatingInput: Input {
        let batch: [Event]
        let rounds: Int

        func run(sink: any EventSink, context: StageContext) async throws {
            for _ in 0..<rounds {
                try await sink.send(EventBatch(events: batch, completion: BatchCompletion {}))
            }
        }
    }

    @discardableResult
    func run() async throws -> (stats: PipelineStats.Snapshot, cpuSeconds: Double) {
        var template = Event(message: "a benchmark event", timestamp: Timestamp(epochSeconds: 1_705_314_600))
        if output != "null {}" {
            // A parsed 250-byte service log record, as the file output sees it after json + date.
            let line = Workloads.serviceLogLines(count: 1)[0]
            template = line.withUnsafeBytes { try! Event(json: $0, now: Timestamp(epochSeconds: 1_705_314_600)) }
        }
        let rounds = events / batchSize
        let input = RepeatingInput(batch: Array(repeating: template, count: batchSize), rounds: rounds)
        let catalog = PluginCatalog(
            BuiltinPlugins.specs + [
                PluginSpec.fixed(input: "repeat") { input }
            ])
        let config = try PipelineConfig.parse([
            ConfigSource(name: "bench", text: "input { repeat {} } output { \(output) }")
        ]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(
            checked: checked, settings: PipelineSettings(workers: workers, batchSize: batchSize),
            dataPath: "/tmp/sluice-bench", log: .discarding)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuBefore = RuntimeBenchmark.cpuSeconds()
        try await pipeline.run()
        let elapsed = clock.now - start
        let cpu = RuntimeBenchmark.cpuSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let stats = pipeline.stats.snapshot
        print(
            "\(label): \(stats.eventsOut) events in \(String(format: "%.3f", seconds)) s = "
                + "\(Int(Double(stats.eventsOut) / seconds)) events/s, "
                + "\(String(format: "%.2f", cpu / Double(max(stats.eventsOut, 1)) * 1e6)) CPU s per 1M events (process) "
                + "(workers \(workers), batch \(batchSize), \(stats.batchesCompleted) batches completed)")
        return (stats, cpu)
    }

    /// User + system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

import Foundation
