import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime

/// The batch reprocessing experience: a progress line while a batch job runs (bytes done of the
/// total, events/s, ETA; redrawn in place on a terminal, a log line every 10 s otherwise) and a
/// summary at the end.
struct BatchProgress {
    let totalBytes: Int
    let stats: PipelineStats
    let log: StageLog
    let interactive: Bool
    let started = ContinuousClock.now

    /// A progress reporter when every input of the pipeline is a batch job; `nil` otherwise.
    init?(_ checked: CheckedPipeline, stats: PipelineStats, log: StageLog) {
        // The file input's typed options, as check decoded them (other inputs never end by themselves).
        let files = checked.stages(.input).map { $0.prepared?.options as? FileInputOptions }
        guard !files.isEmpty, files.allSatisfy({ $0?.isBatchJob == true }) else { return nil }
        totalBytes = files.compactMap { $0?.plannedBytes() }.reduce(0, +)
        self.stats = stats
        self.log = log
        interactive = isatty(2) == 1
    }

    func run() async {
        let interval: Duration = interactive ? .seconds(1) : .seconds(10)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            report(final: false)
        }
    }

    func report(final: Bool) {
        let snapshot = stats.snapshot
        let seconds = max(0.001, Self.seconds(ContinuousClock.now - started))
        let rate = Double(snapshot.eventsFiltered) / seconds
        let fraction = totalBytes > 0 ? min(1, Double(snapshot.inputBytes) / Double(totalBytes)) : 0
        let eta = fraction > 0 ? seconds / fraction - seconds : 0
        let line =
            String(format: "%5.1f%%  %@ of %@  %d events  %.0f events/s  ETA %@", fraction * 100,
                Self.size(snapshot.inputBytes), Self.size(totalBytes), snapshot.eventsFiltered, rate, Self.clock(eta))
        if interactive {
            FileHandle.standardError.write(Data(("\r" + line + (final ? "\n" : "")).utf8))
        } else if !final {
            log.info("progress", ["done": String(format: "%.1f%%", fraction * 100), "events": "\(snapshot.eventsFiltered)", "events_per_second": String(format: "%.0f", rate)])
        }
    }

    func summary(outputs: [CheckedStage]) {
        report(final: true)
        let snapshot = stats.snapshot
        let seconds = max(0.001, Self.seconds(ContinuousClock.now - started))
        var details: [String: String] = [
            "bytes_read": "\(snapshot.inputBytes)", "events_in": "\(snapshot.eventsIn)",
            "events_tagged_failure": "\(snapshot.eventsTaggedFailure)", "dropped": "\(snapshot.eventsDropped)",
            "seconds": String(format: "%.2f", seconds),
            "events_per_second": String(format: "%.0f", Double(snapshot.eventsIn) / seconds),
        ]
        for output in outputs {
            details["out.\(output.id)"] = "\(snapshot.stages[output.id]?.eventsOut ?? 0)"
        }
        log.info("batch job finished", details)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GB", Double(bytes) / 1e9) : String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
