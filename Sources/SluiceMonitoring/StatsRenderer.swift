public import SluiceCore
public import SluiceRuntime

/// The monitoring API's documents, made from a stats snapshot (the routes know nothing of how the
/// counters are kept).
public enum StatsRenderer {
    /// `GET /health`: `{"status":…,"version":…,"timestamp":…}`.
    public static func health(_ status: HealthStatus, version: String, now: Timestamp) -> String {
        JSONWriter.string(["status": .string(status.rawValue), "version": .string(version), "timestamp": .timestamp(now)])
    }

    /// The queue's depth and bounds, read when `/metrics` is served.
    public struct QueueGauges: Sendable, Hashable {
        public var events: Int
        public var bytes: Int
        public var maxEvents: Int
        public var maxBytes: Int

        public init(events: Int, bytes: Int, maxEvents: Int, maxBytes: Int) {
            self.events = events
            self.bytes = bytes
            self.maxEvents = maxEvents
            self.maxBytes = maxBytes
        }
    }

    /// `GET /metrics`: Prometheus text format.
    public static func prometheus(
        _ s: PipelineStats.Snapshot, pipeline: String = "main", queue: QueueGauges? = nil, process: ProcessGauges? = nil
    ) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String, _ value: Int, labels: String = "pipeline=\"\(pipeline)\"") {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            lines.append("\(name){\(labels)} \(value)")
        }
        metric("sluice_events_in_total", "Events taken from the queue by workers.", "counter", s.eventsIn)
        metric("sluice_events_filtered_total", "Events that left the filters.", "counter", s.eventsFiltered)
        metric("sluice_events_out_total", "Events written by outputs (per output delivery).", "counter", s.eventsOut)
        metric("sluice_events_dropped_total", "Events dropped by drop or by a condition that failed.", "counter", s.eventsDropped)
        metric("sluice_events_dead_lettered_total", "Events outputs rejected into the dead-letter file.", "counter", s.eventsDeadLettered)
        metric("sluice_events_failure_tagged_total", "Events that left the filters with a failure tag.", "counter", s.eventsTaggedFailure)
        metric("sluice_output_retries_total", "Writes an output asked to retry.", "counter", s.outputRetries)
        metric("sluice_batches_completed_total", "Input batches acknowledged end to end.", "counter", s.batchesCompleted)
        metric("sluice_input_bytes_total", "Bytes inputs read from their sources.", "counter", s.inputBytes)
        lines.append("# HELP sluice_stage_events_in_total Events into a stage.")
        lines.append("# TYPE sluice_stage_events_in_total counter")
        for (id, stage) in s.stages.sorted(by: { $0.key < $1.key }) {
            lines.append("sluice_stage_events_in_total{pipeline=\"\(pipeline)\",stage=\"\(id)\"} \(stage.eventsIn)")
        }
        lines.append("# HELP sluice_stage_events_out_total Events out of a stage.")
        lines.append("# TYPE sluice_stage_events_out_total counter")
        for (id, stage) in s.stages.sorted(by: { $0.key < $1.key }) {
            lines.append("sluice_stage_events_out_total{pipeline=\"\(pipeline)\",stage=\"\(id)\"} \(stage.eventsOut)")
        }
        lines.append("# HELP sluice_backpressure_seconds_total Time inputs waited for room in the queue.")
        lines.append("# TYPE sluice_backpressure_seconds_total counter")
        lines.append("sluice_backpressure_seconds_total{pipeline=\"\(pipeline)\"} \(Double(s.backpressureNanoseconds) / 1e9)")
        lines.append("# HELP sluice_worker_busy_seconds_total Time workers spent filtering and delivering (rate / workers = utilization).")
        lines.append("# TYPE sluice_worker_busy_seconds_total counter")
        lines.append("sluice_worker_busy_seconds_total{pipeline=\"\(pipeline)\"} \(Double(s.workerBusyNanoseconds) / 1e9)")
        if let queue {
            metric("sluice_queue_events", "Events waiting in the queue.", "gauge", queue.events)
            metric("sluice_queue_bytes", "Bytes (at their source) of the events waiting in the queue.", "gauge", queue.bytes)
            metric("sluice_queue_max_events", "The queue's bound in events.", "gauge", queue.maxEvents)
            metric("sluice_queue_max_bytes", "The queue's bound in bytes.", "gauge", queue.maxBytes)
        }
        if let process {
            lines.append("# HELP sluice_process_resident_memory_bytes Resident memory of the process.")
            lines.append("# TYPE sluice_process_resident_memory_bytes gauge")
            lines.append("sluice_process_resident_memory_bytes \(process.residentBytes)")
            lines.append("# HELP sluice_process_cpu_seconds_total User and system CPU time of the process.")
            lines.append("# TYPE sluice_process_cpu_seconds_total counter")
            lines.append("sluice_process_cpu_seconds_total \(process.cpuSeconds)")
            lines.append("# HELP sluice_process_open_fds Open file descriptors of the process.")
            lines.append("# TYPE sluice_process_open_fds gauge")
            lines.append("sluice_process_open_fds \(process.openDescriptors)")
        }
        appendPluginMetrics(s.plugins, pipeline: pipeline, to: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plugins' own counters, gauges and histograms, `sluice_<name>{pipeline,stage,...}`, one TYPE
    /// block per name.
    static func appendPluginMetrics(_ plugins: [String: PluginMetrics.Snapshot], pipeline: String, to lines: inout [String]) {
        for (kind, values) in [("counter", \PluginMetrics.Snapshot.counters), ("gauge", \PluginMetrics.Snapshot.gauges)] {
            var series: [String: [String]] = [:]
            for (stage, metrics) in plugins.sorted(by: { $0.key < $1.key }) {
                let base = "pipeline=\"\(pipeline)\",stage=\"\(stage)\""
                for (key, value) in metrics[keyPath: values].sorted(by: { ($0.key.name, $0.key.labels) < ($1.key.name, $1.key.labels) }) {
                    let labels = key.labels.isEmpty ? base : base + "," + key.labels
                    series["sluice_\(key.name)", default: []].append("sluice_\(key.name){\(labels)} \(value)")
                }
            }
            for (name, samples) in series.sorted(by: { $0.key < $1.key }) {
                lines.append("# TYPE \(name) \(kind)")
                lines += samples
            }
        }
        var histograms: [String: [String]] = [:]
        for (stage, metrics) in plugins.sorted(by: { $0.key < $1.key }) {
            let base = "pipeline=\"\(pipeline)\",stage=\"\(stage)\""
            for (name, histogram) in metrics.histograms.sorted(by: { $0.key < $1.key }) {
                let metric = "sluice_\(name)"
                var cumulative = 0
                for (i, bound) in histogram.bounds.enumerated() {
                    cumulative += histogram.buckets[i]
                    histograms[metric, default: []].append("\(metric)_bucket{\(base),le=\"\(bound)\"} \(cumulative)")
                }
                histograms[metric, default: []].append("\(metric)_bucket{\(base),le=\"+Inf\"} \(histogram.count)")
                histograms[metric, default: []].append("\(metric)_sum{\(base)} \(histogram.sum)")
                histograms[metric, default: []].append("\(metric)_count{\(base)} \(histogram.count)")
            }
        }
        for (name, samples) in histograms.sorted(by: { $0.key < $1.key }) {
            lines.append("# TYPE \(name) histogram")
            lines += samples
        }
    }

    /// `GET /_node/stats/pipelines`: the parts of Logstash's document that Sluice has.
    public static func nodeStats(_ s: PipelineStats.Snapshot, workers: Int, batchSize: Int, batchDelay: Int, version: String) -> String {
        var stages = OrderedObject()
        for (id, stage) in s.stages.sorted(by: { $0.key < $1.key }) {
            stages[id] = [
                "events": ["in": .int(Int64(stage.eventsIn)), "out": .int(Int64(stage.eventsOut)), "duration_in_millis": .int(Int64(stage.durationMilliseconds))]
            ]
        }
        let pipeline: Value = [
            "events": [
                "in": .int(Int64(s.eventsIn)), "filtered": .int(Int64(s.eventsFiltered)), "out": .int(Int64(s.eventsOut)),
            ],
            "plugins": .object(stages),
            "pipeline": ["workers": .int(Int64(workers)), "batch_size": .int(Int64(batchSize)), "batch_delay": .int(Int64(batchDelay))],
            "queue": ["type": "memory"],
        ]
        return JSONWriter.string(["version": .string(version), "status": "green", "pipelines": ["main": pipeline]])
    }
}
