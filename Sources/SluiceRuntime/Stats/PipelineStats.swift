public import SluiceCore
public import Synchronization

/// The pipeline's counters, updated once per batch (never per event) from any task.
public final class PipelineStats: Sendable {
    /// Events inputs handed to the queue.
    public let eventsIn = Atomic<Int>(0)
    /// Events that left the filters (after drops).
    public let eventsFiltered = Atomic<Int>(0)
    /// Events every output wrote (counted once per output delivery).
    public let eventsOut = Atomic<Int>(0)
    /// Events dropped by `drop` or by a condition that could not be evaluated.
    public let eventsDropped = Atomic<Int>(0)
    /// Events outputs rejected into the dead-letter file.
    public let eventsDeadLettered = Atomic<Int>(0)
    /// Write attempts an output asked to retry.
    public let outputRetries = Atomic<Int>(0)
    /// Batches whose completion fired.
    public let batchesCompleted = Atomic<Int>(0)
    /// Bytes inputs read from their sources (as they report them per batch).
    public let inputBytes = Atomic<Int>(0)
    /// Events that left the filters with a failure tag (`_jsonparsefailure`, `_dateparsefailure`, ...).
    public let eventsTaggedFailure = Atomic<Int>(0)

    /// Nanoseconds inputs spent waiting for room in the queue (backpressure).
    public let backpressureNanoseconds = Atomic<Int>(0)
    /// Nanoseconds workers spent filtering and delivering (not waiting for batches).
    public let workerBusyNanoseconds = Atomic<Int>(0)

    /// Per stage (by id): events in and out and time spent, for every input, filter and output.
    public let stages: [String: StageCounters]
    /// Per stage (by id): the plugin's own counters.
    public let plugins: [String: PluginMetrics]

    public init(stageIDs: [String] = []) {
        stages = Dictionary(stageIDs.map { ($0, StageCounters()) }, uniquingKeysWith: { first, _ in first })
        plugins = Dictionary(stageIDs.map { ($0, PluginMetrics()) }, uniquingKeysWith: { first, _ in first })
    }

    /// An immutable copy, for the monitoring API and tests.
    public var snapshot: Snapshot {
        Snapshot(
            eventsIn: eventsIn.load(ordering: .relaxed), eventsFiltered: eventsFiltered.load(ordering: .relaxed),
            eventsOut: eventsOut.load(ordering: .relaxed), eventsDropped: eventsDropped.load(ordering: .relaxed),
            eventsDeadLettered: eventsDeadLettered.load(ordering: .relaxed),
            outputRetries: outputRetries.load(ordering: .relaxed),
            batchesCompleted: batchesCompleted.load(ordering: .relaxed),
            inputBytes: inputBytes.load(ordering: .relaxed), eventsTaggedFailure: eventsTaggedFailure.load(ordering: .relaxed),
            backpressureNanoseconds: backpressureNanoseconds.load(ordering: .relaxed),
            workerBusyNanoseconds: workerBusyNanoseconds.load(ordering: .relaxed),
            stages: stages.mapValues(\.snapshot), plugins: plugins.mapValues(\.snapshot))
    }

    public struct Snapshot: Sendable, Hashable {
        public var eventsIn: Int
        public var eventsFiltered: Int
        public var eventsOut: Int
        public var eventsDropped: Int
        public var eventsDeadLettered: Int
        public var outputRetries: Int
        public var batchesCompleted: Int
        public var inputBytes: Int
        public var eventsTaggedFailure: Int
        public var backpressureNanoseconds: Int
        public var workerBusyNanoseconds: Int
        public var stages: [String: StageCounters.Snapshot]
        public var plugins: [String: PluginMetrics.Snapshot]
    }
}

/// One stage's counters, updated once per batch.
public final class StageCounters: Sendable {
    public let eventsIn = Atomic<Int>(0)
    public let eventsOut = Atomic<Int>(0)
    public let durationNanoseconds = Atomic<Int>(0)

    public init() {}

    /// Records one batch through the stage.
    public func record(in received: Int, out sent: Int, duration: Duration) {
        eventsIn.add(received, ordering: .relaxed)
        eventsOut.add(sent, ordering: .relaxed)
        durationNanoseconds.add(Int(duration.nanoseconds), ordering: .relaxed)
    }

    public var snapshot: Snapshot {
        Snapshot(
            eventsIn: eventsIn.load(ordering: .relaxed), eventsOut: eventsOut.load(ordering: .relaxed),
            durationMilliseconds: durationNanoseconds.load(ordering: .relaxed) / 1_000_000)
    }

    public struct Snapshot: Sendable, Hashable {
        public var eventsIn: Int
        public var eventsOut: Int
        public var durationMilliseconds: Int
    }
}
