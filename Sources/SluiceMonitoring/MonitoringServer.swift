import NIOCore
import NIOHTTP1
import NIOPosix
public import SluiceCore
public import SluiceRuntime
import Synchronization

/// The monitoring API: `GET /health`, `GET /metrics` (Prometheus), `GET /_node/stats` and
/// `/_node/stats/pipelines` (Logstash's shape), on `api.http.host` (127.0.0.1) and the first free
/// port of `api.http.port` (9600–9700).
public struct MonitoringServer: Sendable {
    public let host: String
    public let ports: ClosedRange<Int>
    public let pipeline: Pipeline
    public let version: String
    /// When the output retry counter last moved: an output retrying makes the service "degraded".
    let retries = RetryWatch()

    public init(host: String, ports: ClosedRange<Int>, pipeline: Pipeline, version: String) {
        self.host = host
        self.ports = ports
        self.pipeline = pipeline
        self.version = version
    }

    /// Healthy while running; degraded (still 200) when an output retried in the last 30 s.
    func health(_ snapshot: PipelineStats.Snapshot, now: Timestamp) -> HealthStatus {
        retries.observe(snapshot.outputRetries, at: now) ? .degraded : .healthy
    }

    /// Serves until cancelled. `onListening` is told the port it bound.
    public func run(log: StageLog, onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        var server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>?
        var lastError: (any Error)?
        for port in ports {
            do {
                server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                            return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
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
                for try await connection in connections {
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
                    let (status, type, body) = respond(to: request)
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: type)
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

    func respond(to request: HTTPRequestHead) -> (HTTPResponseStatus, String, String) {
        guard request.method == .GET else { return (.methodNotAllowed, "text/plain", "only GET\n") }
        let path = request.uri.split(separator: "?").first.map(String.init) ?? request.uri
        let snapshot = pipeline.stats.snapshot
        switch path {
        case "/health", "/":
            let now = Timestamp.now()
            return (.ok, "application/json", StatsRenderer.health(health(snapshot, now: now), version: version, now: now) + "\n")
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4", StatsRenderer.prometheus(snapshot))
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
    private let state = Mutex<(count: Int, changedAt: Int64)>((0, .min / 2))

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
