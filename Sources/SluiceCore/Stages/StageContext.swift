import Synchronization

/// What a stage knows about where it runs.
public struct StageContext: Sendable {
    /// The stage id (`id` setting, or a generated one).
    public let stageID: String
    /// `pipeline.batch.size`: how many events an input should put in one batch.
    public let batchSize: Int
    /// `path.data`: where stages keep state (sincedb, dead-letter files).
    public let dataPath: String
    /// Where the stage reports what happens (warnings, errors).
    public let log: StageLog
    /// Set when the pipeline gives up on unwritten events (a forced shutdown): inputs should stop
    /// waiting for acknowledgements that will not come.
    public let forcedStop: StopSignal
    /// The stage's own counters (requests by response code, connections), served by the monitoring API.
    public let metrics: PluginMetrics

    public init(
        stageID: String, batchSize: Int, dataPath: String, log: StageLog, forcedStop: StopSignal = StopSignal(),
        metrics: PluginMetrics = PluginMetrics()
    ) {
        self.stageID = stageID
        self.batchSize = batchSize
        self.dataPath = dataPath
        self.log = log
        self.forcedStop = forcedStop
        self.metrics = metrics
    }
}

/// A flag set once, read from any task.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func set() { flag.store(true, ordering: .relaxed) }
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// A structured log a stage writes to; the CLI decides where it goes (stderr, plain or JSON).
public struct StageLog: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private let sink: @Sendable (Level, String, [String: String]) -> Void

    public init(_ sink: @escaping @Sendable (Level, String, [String: String]) -> Void) {
        self.sink = sink
    }

    /// A log that writes nothing (tests).
    public static let discarding = StageLog { _, _, _ in }

    public func log(_ level: Level, _ message: String, _ metadata: [String: String] = [:]) {
        sink(level, message, metadata)
    }

    public func info(_ message: String, _ metadata: [String: String] = [:]) { log(.info, message, metadata) }
    public func warning(_ message: String, _ metadata: [String: String] = [:]) { log(.warning, message, metadata) }
    public func error(_ message: String, _ metadata: [String: String] = [:]) { log(.error, message, metadata) }
}
