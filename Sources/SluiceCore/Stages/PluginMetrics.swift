/// A stage's own counters, gauges and histograms (`bulk_requests_total{code="200"}`, a file's
/// lag, bulk latency), named by the plugin and served by the monitoring API next to the
/// pipeline's counters.
///
/// Updated once per batch or request, never per event, so one lock is cheap enough.
public final class PluginMetrics: Sendable {
    /// Upper bounds, in seconds, of the latency histogram buckets (the last bucket is +Inf).
    public static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private let state = Locked(State())

    struct State {
        var counters: [MetricKey: Int] = [:]
        var gauges: [MetricKey: Int] = [:]
        var histograms: [String: Histogram] = [:]
    }

    public init() {}

    /// Adds `amount` to the counter `name` (with optional labels, such as `["code": "429"]`).
    public func add(_ name: String, _ amount: Int = 1, labels: [String: String] = [:]) {
        guard amount != 0 else { return }
        let key = PluginMetrics.key(name, labels)
        state.withLock { $0.counters[key, default: 0] += amount }
    }

    /// Sets the gauge `name` (with optional labels) to `value`.
    public func set(_ name: String, _ value: Int, labels: [String: String] = [:]) {
        let key = PluginMetrics.key(name, labels)
        state.withLock { $0.gauges[key] = value }
    }

    /// Removes the gauge `name` with these labels (its subject is gone, such as a file let go).
    public func removeGauge(_ name: String, labels: [String: String] = [:]) {
        let key = PluginMetrics.key(name, labels)
        state.withLock { _ = $0.gauges.removeValue(forKey: key) }
    }

    static func key(_ name: String, _ labels: [String: String]) -> MetricKey {
        MetricKey(name: name, labels: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escaped($0.value))\"" }.joined(separator: ","))
    }

    /// A label value as Prometheus's text format wants it (`\`, `"` and newlines escaped).
    static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        return value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    /// Records one observation, in seconds, in the histogram `name`.
    public func observe(_ name: String, seconds: Double) {
        state.withLock { state in
            var histogram = state.histograms[name] ?? Histogram(bounds: PluginMetrics.latencyBuckets)
            histogram.record(seconds)
            state.histograms[name] = histogram
        }
    }

    public var snapshot: Snapshot {
        state.withLock { Snapshot(counters: $0.counters, gauges: $0.gauges, histograms: $0.histograms) }
    }

    /// A counter's name and its labels, rendered `a="1",b="2"` (sorted by label name).
    public struct MetricKey: Sendable, Hashable {
        public var name: String
        public var labels: String

        public init(name: String, labels: String) {
            self.name = name
            self.labels = labels
        }
    }

    public struct Snapshot: Sendable, Hashable {
        public var counters: [MetricKey: Int]
        public var gauges: [MetricKey: Int]
        public var histograms: [String: Histogram]

        /// The counter's value summed over its labels.
        public func total(_ name: String) -> Int {
            counters.reduce(0) { $0 + ($1.key.name == name ? $1.value : 0) }
        }

        public func value(_ name: String, labels: String = "") -> Int {
            counters[MetricKey(name: name, labels: labels)] ?? gauges[MetricKey(name: name, labels: labels)] ?? 0
        }
    }

    /// Cumulative-bucket histogram in Prometheus's shape.
    public struct Histogram: Sendable, Hashable {
        public let bounds: [Double]
        /// Observations at or below each bound (not cumulative; the last entry is above every bound).
        public private(set) var buckets: [Int]
        public private(set) var count = 0
        public private(set) var sum = 0.0

        init(bounds: [Double]) {
            self.bounds = bounds
            self.buckets = Array(repeating: 0, count: bounds.count + 1)
        }

        mutating func record(_ value: Double) {
            let index = bounds.firstIndex { value <= $0 } ?? bounds.count
            buckets[index] += 1
            count += 1
            sum += value
        }
    }
}
