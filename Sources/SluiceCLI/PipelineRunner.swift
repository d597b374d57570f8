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
///
/// Reload (SIGHUP, or `-r` when the config files change): the new config is checked first; if it
/// is invalid, the running pipeline goes on and the errors are logged and counted. If it is valid,
/// the running pipeline drains (writing and acknowledging everything it took) and the new one
/// starts; inputs pick up where the old ones were acknowledged (sincedb), beats clients reconnect.
public enum PipelineRunner {
    public static func run(_ checked: CheckedPipeline, options: RuntimeOptions, reloader: ConfigReloader? = nil) async throws {
        let log = ProcessLog.make(level: options.logLevel, format: options.logFormat)
        let settings = PipelineSettings(
            workers: options.workers ?? ProcessInfo.processInfo.activeProcessorCount, batchSize: options.batchSize,
            batchDelayMilliseconds: options.batchDelay)
        func makePipeline(_ checked: CheckedPipeline) -> Pipeline {
            Pipeline(checked: checked, settings: settings, dataPath: options.dataPath, log: log)
        }
        let slot = PipelineSlot(makePipeline(checked))
        let shuttingDown = Atomic<Bool>(false)
        let timeout = options.shutdownTimeout
        let signals = SignalWatcher { count in
            shuttingDown.store(true, ordering: .relaxed)
            let pipeline = slot.pipeline
            if count == 1 {
                log.info("shutting down: draining the pipeline", ["timeout_seconds": "\(timeout)"])
                pipeline.stop()
                Task {
                    try? await Task.sleep(for: .seconds(timeout))
                    log.warning("shutdown timeout reached: unwritten events are not acknowledged")
                    await slot.pipeline.forceStop()
                    exit(1)
                }
            } else {
                log.warning("second signal: stopping now; unwritten events are not acknowledged")
                exit(1)
            }
        }
        log.info(
            "pipeline started",
            [
                "workers": "\(settings.workers)", "batch_size": "\(settings.batchSize)", "version": SluiceCommand.version,
                "allocator": AllocatorTuning.active,
            ])
        let api = options.apiEnabled ? MonitoringServer(
                host: options.apiHost, ports: options.apiPorts, pipeline: slot, version: SluiceCommand.version,
                credentials: options.apiCredentials) : nil
        let apiTask = api.map { server in
            Task {
                do { try await server.run(log: log) } catch is CancellationError {} catch {
                    log.warning("monitoring API not started", ["error": "\(error)"])
                }
            }
        }
        // The config that replaces the running one, once a reload was checked and accepted.
        let next = Locked<CheckedPipeline?>(nil)
        let reloads = reloader.map { reloader in
            ReloadTrigger(automatic: options.reloadAutomatic ? options.reloadIntervalDuration : nil) {
                guard !shuttingDown.load(ordering: .relaxed), reloader.changed() else { return }
                let report = reloader.check()
                guard let checked = report.pipeline else {
                    slot.reloadFailures.add(1, ordering: .relaxed)
                    log.error("config reload refused: the running pipeline goes on", ["errors": report.diagnostics])
                    return
                }
                reloader.accept()
                next.withLock { $0 = checked }
                log.info("config changed: draining the running pipeline before the new one starts")
                slot.pipeline.stop()
            }
        }
        var current = checked
        while true {
            let pipeline = slot.pipeline
            let progress = BatchProgress(current, stats: pipeline.stats, log: log)
            let progressTask = progress.map { reporter in Task { await reporter.run() } }
            try await pipeline.run()
            progressTask?.cancel()
            progress?.summary(outputs: current.stages(.output))
            summarize(pipeline, log: log)
            guard !shuttingDown.load(ordering: .relaxed), let replacement = next.withLock({ value -> CheckedPipeline? in
                defer { value = nil }
                return value
            }) else { break }
            current = replacement
            slot.pipeline = makePipeline(replacement)
            slot.reloads.add(1, ordering: .relaxed)
            log.info("pipeline reloaded", ["workers": "\(settings.workers)"])
        }
        reloads?.cancel()
        apiTask?.cancel()
        signals.cancel()
    }

    static func summarize(_ pipeline: Pipeline, log: StageLog) {
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

/// Calls `check` on SIGHUP and, when `automatic` is set, at that interval.
final class ReloadTrigger {
    private let source: any DispatchSourceSignal
    private let timer: (any DispatchSourceTimer)?

    init(automatic: Duration?, check: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "sluice.reload")
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        source.setEventHandler(handler: check)
        source.resume()
        if let automatic {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let nanoseconds = Int(automatic.nanoseconds)
            timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(max(nanoseconds, 1_000_000)))
            timer.setEventHandler(handler: check)
            timer.resume()
            self.timer = timer
        } else {
            timer = nil
        }
    }

    func cancel() {
        source.cancel()
        timer?.cancel()
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
    private let count = Locked(0)

    func next() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
