import Dispatch
import Foundation
import Synchronization
public import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceMonitoring
import SluiceRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Runs a checked pipeline until its inputs end or a signal stops it.
///
/// First SIGINT/SIGTERM: stop inputs, drain, flush, acknowledge, exit 0. A second signal, or the
/// shutdown timeout, gives up on what is not written (and does not acknowledge it).
public enum PipelineRunner {
    public static func run(_ checked: CheckedPipeline, options: RuntimeOptions) async throws {
        let log = ProcessLog.make(level: options.logLevel, format: options.logFormat)
        let settings = PipelineSettings(
            workers: options.workers ?? ProcessInfo.processInfo.activeProcessorCount, batchSize: options.batchSize,
            batchDelayMilliseconds: options.batchDelay)
        let pipeline = Pipeline(
            checked: checked, catalog: BuiltinPlugins.catalog, settings: settings, dataPath: options.dataPath, log: log)
        let timeout = options.shutdownTimeout
        let signals = SignalWatcher { count in
            if count == 1 {
                log.info("shutting down: draining the pipeline", ["timeout_seconds": "\(timeout)"])
                pipeline.stop()
                Task {
                    try? await Task.sleep(for: .seconds(timeout))
                    log.warning("shutdown timeout reached: unwritten events are not acknowledged")
                    await pipeline.forceStop()
                    exit(1)
                }
            } else {
                log.warning("second signal: stopping now; unwritten events are not acknowledged")
                exit(1)
            }
        }
        log.info(
            "pipeline started",
            ["workers": "\(settings.workers)", "batch_size": "\(settings.batchSize)", "version": SluiceCommand.version])
        let api = options.apiEnabled ? MonitoringServer(
                host: options.apiHost, ports: options.apiPorts, pipeline: pipeline, version: SluiceCommand.version,
                credentials: options.apiCredentials) : nil
        let apiTask = api.map { server in
            Task {
                do { try await server.run(log: log) } catch is CancellationError {} catch {
                    log.warning("monitoring API not started", ["error": "\(error)"])
                }
            }
        }
        let progress = BatchProgress(checked, stats: pipeline.stats, log: log)
        let progressTask = progress.map { reporter in Task { await reporter.run() } }
        try await pipeline.run()
        progressTask?.cancel()
        apiTask?.cancel()
        progress?.summary(outputs: checked.stages(.output))
        signals.cancel()
        let stats = pipeline.stats.snapshot
        log.info(
            "pipeline finished",
            [
                "events_in": "\(stats.eventsIn)", "events_out": "\(stats.eventsOut)", "dropped": "\(stats.eventsDropped)",
                "dead_lettered": "\(stats.eventsDeadLettered)", "output_retries": "\(stats.outputRetries)",
            ])
        for (id, stage) in stats.stages.sorted(by: { $0.key < $1.key }) {
            log.info(
                "stage summary",
                ["stage": id, "in": "\(stage.eventsIn)", "out": "\(stage.eventsOut)", "duration_ms": "\(stage.durationMilliseconds)"])
        }
    }
}

/// Counts SIGINT and SIGTERM and reports each to a handler (on a Dispatch queue of its own).
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let queue = DispatchQueue(label: "sluice.signals")
        let counter = SignalCounter()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(counter.next()) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}

/// How many stop signals have arrived.
final class SignalCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
