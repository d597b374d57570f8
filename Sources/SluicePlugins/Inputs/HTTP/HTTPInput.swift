import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SluiceNetwork
import Synchronization
import SluiceConfig
public import SluiceCore

/// `input { http { port => 8080 } }`: an HTTP/1.1 server whose request bodies become events (the
/// codec chosen by `Content-Type`), with keep-alive, `Expect: 100-continue`, gzip and deflate
/// bodies, basic authentication and TLS. With `ack_after_write` (the default) a request is answered
/// only after every output wrote its events, so a client that retries until it gets a 2xx has
/// at-least-once delivery end to end; a pipeline stopping first answers 503. More than
/// `max_pending_requests` requests taken and unanswered: 429 with `Retry-After`.
public struct HTTPInput: Input {
    /// The most events handed to the pipeline in one batch.
    static let batchEvents = 125
    let options: HTTPInputOptions
    let tls: NIOSSLContext?
    /// Told the bound port (useful with `port => 0`).
    let onListening: (@Sendable (Int) -> Void)?

    public init(options: HTTPInputOptions, onListening: (@Sendable (Int) -> Void)? = nil) throws {
        self.options = options
        tls = try options.tls?.context()
        self.onListening = onListening
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let tls = self.tls
        let options = self.options
        let metrics = context.metrics
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: options.host, port: options.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    if let tls {
                        try handlers.addHandler(NIOSSLServerHandler(context: tls))
                        try handlers.addHandler(HandshakeTimeoutHandler(timeout: .nanoseconds(Int64(options.handshakeTimeout.nanoseconds))))
                    }
                    try handlers.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try handlers.addHandler(
                        RequestDeadlineHandler(deadline: .nanoseconds(Int64(options.requestTimeout.nanoseconds)), metrics: metrics))
                    return AcceptedChannel(
                        try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                }
            }
        let bound = server.channel.localAddress?.port ?? options.port
        context.log.info(
            "http input listening", ["stage": context.stageID, "address": "\(options.host):\(bound)", "tls": tls == nil ? "off" : "on"])
        onListening?(bound)
        let acceptor = ConnectionAcceptor(
            input: "http", limit: options.maxConnections, acceptedMetric: HTTPInputMetric.connectionsAccepted.rawValue,
            refusedMetric: HTTPInputMetric.connectionsRefused.rawValue)
        let connection = HTTPConnection(intake: HTTPIntake(options: options), inFlight: RequestsInFlight(), sink: sink, context: context)
        try await acceptor.run(server, context: context) { channel, address in
            await connection.serve(channel, from: address)
        }
    }
}

/// Requests taken and not yet answered, across the input's connections.
final class RequestsInFlight: Sendable {
    let count = Atomic<Int>(0)
}

/// The http input's counters (`/metrics` as `sluice_http_*{stage=...}`).
public enum HTTPInputMetric: String, CaseIterable, Sendable {
    case connectionsAccepted = "http_connections_accepted_total"
    case connectionsRefused = "http_connections_refused_total"
    case requests = "http_requests_total"
    case bytesReceived = "http_bytes_received_total"
    case eventsReceived = "http_events_received_total"
    case requestTimeouts = "http_request_timeouts_total"
}
