import NIOCore
import NIOPosix
import NIOSSL
import SluiceNetwork
import Synchronization
import SluiceConfig
public import SluiceCore

/// `input { tcp { port => 50000 } }`: a TCP server; each connection's bytes are cut into lines
/// (`line`/`plain`, or `json_lines`/`json`: one JSON document per line) and each read's events go
/// to the pipeline as one batch. While the pipeline is full the connection is not read, so the
/// sender's TCP window closes: backpressure, never an unbounded buffer. A line without its end
/// when the peer closes is still an event (as Logstash's codec flush). The peer goes in
/// `[@metadata][input][tcp][source][ip|port|name]` (ECS) or `host`, `port` and
/// `[@metadata][ip_address]` (legacy), each unless the event already has it.
public struct TCPInput: Input {
    /// The most events handed to the pipeline at once.
    static let batchEvents = 125
    let options: TCPInputOptions
    let tls: NIOSSLContext?
    /// Told the bound port (useful with `port => 0`).
    let onListening: (@Sendable (Int) -> Void)?

    public init(options: TCPInputOptions, onListening: (@Sendable (Int) -> Void)? = nil) throws {
        self.options = options
        tls = try options.tls?.context()
        self.onListening = onListening
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let tls = self.tls
        let options = self.options
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: options.keepAlive ? 1 : 0)
            .bind(host: options.host, port: options.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                        try channel.pipeline.syncOperations.addHandler(HandshakeTimeoutHandler(timeout: .seconds(10)))
                    }
                    return AcceptedChannel(try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel))
                }
            }
        let bound = server.channel.localAddress?.port ?? options.port
        context.log.info(
            "tcp input listening", ["stage": context.stageID, "address": "\(options.host):\(bound)", "tls": tls == nil ? "off" : "on"])
        onListening?(bound)
        let acceptor = ConnectionAcceptor(
            input: "tcp", limit: options.maxConnections, acceptedMetric: TCPInputMetric.connectionsAccepted.rawValue,
            refusedMetric: TCPInputMetric.connectionsRefused.rawValue)
        try await acceptor.run(server, context: context) { connection, address in
            if options.syslogFraming {
                await Self.serve(
                    connection, from: address, decoder: SyslogFrameDecoder(maxFrameBytes: options.maxLineBytes), options: options, sink: sink,
                    context: context)
            } else {
                let lines = LineDecoder(format: options.jsonLines ? .jsonLines : .line, maxLineBytes: options.maxLineBytes, cacheSlots: 256)
                await Self.serve(connection, from: address, decoder: lines, options: options, sink: sink, context: context)
            }
        }
    }

    /// One connection: read, cut (lines, or the syslog input's RFC 6587 frames), stamp, hand on; the
    /// rest of a line at the end.
    static func serve<Decoder: StreamEventDecoder>(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, from address: SocketAddress?, decoder: Decoder, options: TCPInputOptions,
        sink: any EventSink, context: StageContext
    ) async {
        let peer = TCPPeer(ip: address?.ipAddress ?? "", port: address?.port ?? 0, ecs: options.ecs, field: options.peerField)
        var decoder = decoder
        var events: [Event] = []
        do {
            try await connection.executeThenClose { inbound, _ in
                for try await buffer in inbound {
                    buffer.withUnsafeReadableBytes { decoder.decode($0, now: .now(), into: &events) }
                    context.metrics.add(TCPInputMetric.bytesReceived.rawValue, buffer.readableBytes)
                    try await send(&events, peer: peer, options: options, byteCount: buffer.readableBytes, sink: sink, context: context)
                }
            }
        } catch is CancellationError {
            return
        } catch {
            context.log.info("tcp connection ended", ["peer": "\(peer.ip):\(peer.port)", "reason": "\(error)", "stage": context.stageID])
        }
        decoder.finish(now: .now(), into: &events)
        try? await send(&events, peer: peer, options: options, byteCount: 0, sink: sink, context: context)
    }

    private static func send(
        _ events: inout [Event], peer: TCPPeer, options: TCPInputOptions, byteCount: Int, sink: any EventSink, context: StageContext
    ) async throws {
        guard !events.isEmpty else { return }
        for i in events.indices {
            peer.stamp(&events[i])
            if !options.decoration.isEmpty { options.decoration.apply(to: &events[i]) }
        }
        context.metrics.add(TCPInputMetric.eventsReceived.rawValue, events.count)
        // In pieces of at most `batchEvents`: the queue takes a piece while a worker has the one
        // before, so reading and filtering overlap (a read's worth at once would wait for an
        // empty queue each time).
        var start = 0
        while start < events.count {
            let end = min(events.count, start + Self.batchEvents)
            let share = byteCount * (end - start) / events.count
            try await sink.send(EventBatch(events: Array(events[start..<end]), byteCount: share))
            start = end
        }
        events.removeAll(keepingCapacity: true)
    }
}

/// Where a connection's events came from, and the fields that say so.
struct TCPPeer: Sendable {
    let ip: String
    let port: Int
    let ecs: Bool
    /// Where the address goes instead of the fields below (the syslog input's).
    let field: FieldPath?
    /// `[@metadata][input]` as ECS has it, made once per connection: an event without
    /// `[@metadata][input]` (nearly all) gets it in one assignment, its storage shared.
    private let ecsInput: Value

    init(ip: String, port: Int, ecs: Bool, field: FieldPath? = nil) {
        self.ip = ip
        self.port = port
        self.ecs = ecs
        self.field = field
        var source = OrderedObject()
        source.appendNew(key: "name", value: .string(ip))
        source.appendNew(key: "ip", value: .string(ip))
        source.appendNew(key: "port", value: .int(Int64(port)))
        ecsInput = ["tcp": ["source": .object(source)]]
    }

    private static let ecsName = try! FieldPath(parsing: "[@metadata][input][tcp][source][name]")
    private static let ecsIP = try! FieldPath(parsing: "[@metadata][input][tcp][source][ip]")
    private static let ecsPort = try! FieldPath(parsing: "[@metadata][input][tcp][source][port]")
    private static let legacyHost = try! FieldPath(parsing: "host")
    private static let legacyPort = try! FieldPath(parsing: "port")

    /// Sets each field the event does not have yet (the name is the address: no DNS lookups).
    func stamp(_ event: inout Event) {
        if let field {
            if event[field] == nil { try? event.set(field, to: .string(ip)) }
            return
        }
        if ecs {
            if event.metadata["input"] == nil {
                event.metadata["input"] = ecsInput
                return
            }
            for (path, value) in [(Self.ecsName, Value.string(ip)), (Self.ecsIP, .string(ip)), (Self.ecsPort, .int(Int64(port)))]
            where event[path] == nil {
                try? event.set(path, to: value)
            }
        } else {
            // Read by path: `fields` would make the lazily parsed members of a JSON line ordinary.
            if event[Self.legacyHost] == nil { try? event.set(Self.legacyHost, to: .string(ip)) }
            if event.metadata["ip_address"] == nil { event.metadata["ip_address"] = .string(ip) }
            if event[Self.legacyPort] == nil { try? event.set(Self.legacyPort, to: .int(Int64(port))) }
        }
    }
}

/// The tcp input's counters (`/metrics` as `sluice_tcp_*{stage=...}`).
public enum TCPInputMetric: String, CaseIterable, Sendable {
    case connectionsAccepted = "tcp_connections_accepted_total"
    case connectionsRefused = "tcp_connections_refused_total"
    case bytesReceived = "tcp_bytes_received_total"
    case eventsReceived = "tcp_events_received_total"
}
