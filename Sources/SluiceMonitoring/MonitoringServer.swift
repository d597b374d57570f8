import NIOCore
import NIOHTTP1
import NIOPosix
public import SluiceCore
import SluiceNetwork
public import SluiceRuntime
public import Synchronization

/// The monitoring API: `GET /health`, `GET /metrics` (Prometheus), `GET /_node/stats` and
/// `/_node/stats/pipelines` (Logstash's shape), on `api.http.host` (127.0.0.1) and the first free
/// port of `api.http.port` (9600–9700).
public struct MonitoringServer: Sendable {
    public let host: String
    public let ports: ClosedRange<Int>
    /// The running pipeline (replaced on a config reload).
    public let slot: PipelineSlot
    public let version: String
    /// When the output retry counter last moved: an output retrying makes the service "degraded".
    let retries = RetryWatch()
    /// When events last left the outputs: a queue holding events with no progress for
    /// `blockedAfter` makes the service "unhealthy" (503).
    let progress = ProgressWatch()
    let blockedAfter: Int64
    /// `Authorization` header value every request must carry (`--api.auth.type basic`).
    let expectedAuthorization: String?

    public init(
        host: String, ports: ClosedRange<Int>, pipeline: PipelineSlot, version: String, credentials: (user: String, password: String)? = nil,
        blockedAfterSeconds: Int64 = 60
    ) {
        self.host = host
        self.ports = ports
        self.slot = pipeline
        self.version = version
        self.blockedAfter = blockedAfterSeconds
        self.expectedAuthorization = credentials.map { "Basic " + Base64.encode(Array("\($0.user):\($0.password)".utf8)) }
    }

    /// Unhealthy when events wait in the queue and none has been written for `blockedAfter`;
    /// degraded (still 200) when an output retried in the last 30 s; healthy otherwise.
    func health(_ snapshot: PipelineStats.Snapshot, queued: Int, now: Timestamp) -> HealthStatus {
        let stalled = progress.stalledSeconds(out: snapshot.eventsOut, waiting: queued > 0, at: now)
        if stalled >= blockedAfter { return .unhealthy }
        return retries.observe(snapshot.outputRetries, at: now) ? .degraded : .healthy
    }

    /// Serves until cancelled. `onListening` is told the port it bound.
    public func run(log: StageLog, onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        // Accepted connections come boxed (`AcceptedChannel`): a scrape arriving as the API stops
        // must not stop the process.
        var server: NIOAsyncChannel<AcceptedChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>?
        var lastError: (any Error)?
        for port in ports {
            do {
                server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                            return AcceptedChannel(
                                try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                        }
                    }
                break
            } catch {
                lastError = error
            }
        }
        guard let server else { throw lastError ?? CancellationError() }
        let bound = server.channel.localAddress?.port ?? ports.lowerBound
        log.info("monitoring API listening", ["address": "\(host):\(bound)"])
        onListening?(bound)
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await accepted in connections {
                    guard let connection = accepted.take() else { continue }
                    group.addTask { await serve(connection) }
                }
            }
        }
    }

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let request): head = request
                case .body: continue
                case .end:
                    guard let request = head else { continue }
                    let (status, type, body) = await respond(to: request)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: type)
                    if status == .unauthorized { headers.add(name: "WWW-Authenticate", value: "Basic realm=\"sluice\"") }
                    headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                    if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
                    try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                    try await outbound.write(.end(nil))
                    head = nil
                    if !request.isKeepAlive { return }
                }
            }
        }
    }

    func respond(to request: HTTPRequestHead) async -> (HTTPResponseStatus, String, String) {
        guard request.method == .GET else { return (.methodNotAllowed, "text/plain", "only GET\n") }
        if let expectedAuthorization, request.headers["authorization"].first != expectedAuthorization {
            return (.unauthorized, "application/json", "{\"error\":\"authentication required\"}\n")
        }
        let path = request.uri.split(separator: "?").first.map(String.init) ?? request.uri
        let pipeline = slot.pipeline
        let snapshot = pipeline.stats.snapshot
        let queued = await pipeline.queue.count
        switch path {
        case "/health", "/":
            let now = Timestamp.now()
            let status = health(snapshot, queued: queued, now: now)
            return (
                status == .unhealthy ? .serviceUnavailable : .ok, "application/json",
                StatsRenderer.health(status, version: version, now: now) + "\n"
            )
        case "/metrics":
            let queue = StatsRenderer.QueueGauges(
                events: queued, bytes: await pipeline.queue.bytes, maxEvents: pipeline.queue.maxEvents, maxBytes: pipeline.queue.maxBytes)
            var text = StatsRenderer.prometheus(snapshot, queue: queue, process: ProcessGauges.read())
            text += "# HELP sluice_config_reloads_total Config reloads that took over.\n# TYPE sluice_config_reloads_total counter\n"
            text += "sluice_config_reloads_total \(slot.reloads.load(ordering: .relaxed))\n"
            text += "# HELP sluice_config_reload_failures_total Config reloads refused (the old pipeline kept running).\n"
            text += "# TYPE sluice_config_reload_failures_total counter\n"
            text += "sluice_config_reload_failures_total \(slot.reloadFailures.load(ordering: .relaxed))\n"
            return (.ok, "text/plain; version=0.0.4", text)
        case "/_node/stats", "/_node/stats/pipelines", "/_node/stats/pipelines/main":
            let settings = pipeline.settings
            return (
                .ok, "application/json",
                StatsRenderer.nodeStats(
                    snapshot, workers: settings.workers, batchSize: settings.batchSize, batchDelay: settings.batchDelayMilliseconds,
                    version: version) + "\n"
            )
        default:
            return (.notFound, "application/json", "{\"error\":\"not found\",\"path\":\(JSONWriter.string(.string(path)))}\n")
        }
    }
}

/// Remembers when a counter last changed.
public final class RetryWatch: Sendable {
    private let state = Locked<(count: Int, changedAt: Int64)>((0, .min / 2))

    public init() {}

    /// Records the counter's value; true when it changed within the last 30 seconds.
    public func observe(_ count: Int, at now: Timestamp) -> Bool {
        state.withLock { state in
            if count != state.count {
                state.count = count
                state.changedAt = now.epochSeconds
            }
            return now.epochSeconds - state.changedAt < 30
        }
    }
}

/// Remembers when the outputs last made progress.
public final class ProgressWatch: Sendable {
    private let state = Locked<(out: Int, changedAt: Int64?)>((0, nil))

    public init() {}

    /// Seconds since `out` last moved while events were waiting (0 when nothing waits).
    public func stalledSeconds(out: Int, waiting: Bool, at now: Timestamp) -> Int64 {
        state.withLock { state in
            if out != state.out || !waiting || state.changedAt == nil {
                state.out = out
                state.changedAt = now.epochSeconds
                return 0
            }
            return now.epochSeconds - (state.changedAt ?? now.epochSeconds)
        }
    }
}

/// The pipeline the API reports on: the runner swaps it when a reloaded config takes over.
public final class PipelineSlot: Sendable {
    private let current: Locked<Pipeline>
    /// Config reloads that failed the check (the old pipeline kept running).
    public let reloadFailures = Atomic<Int>(0)
    /// Config reloads that took over.
    public let reloads = Atomic<Int>(0)

    public init(_ pipeline: Pipeline) {
        current = Locked(pipeline)
    }

    public var pipeline: Pipeline {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
