import NIOCore
import NIOPosix
import NIOSSL
import SluiceLumberjack
import SluiceNetwork
import Synchronization
public import SluiceConfig
public import SluiceCore

/// `input { beats { port => 5044 } }`: a Lumberjack v2 server that Filebeat ships to.
///
/// A window's events go to the pipeline as one batch once the window is complete; its ACK (the
/// window's last sequence number) is written only when every output has written the batch, with a
/// keep-alive `2A 0` every 5 s while it waits, so Filebeat's 30 s timeout never fires on a slow
/// pipeline. A connection that closes mid-window hands nothing on (Filebeat resends the window). A
/// connection waiting on a full pipeline stops reading from its socket. A malformed frame closes
/// that connection only, with a log line.
public struct BeatsInput: Input {
    let host: String
    let port: Int
    let limits: LumberjackLimits
    let ecs: Bool
    let decoration: InputDecoration
    let keepAliveInterval: Duration
    /// `client_inactivity_timeout`: a connection with no reads or writes for this long is closed.
    let inactivityTimeout: Int64
    /// A window must arrive whole within this time from its `W` frame (slow senders are cut off).
    let windowDeadline: Duration
    /// TLS (`ssl_enabled`), with its handshake deadline.
    let tls: NIOSSLContext?
    let handshakeTimeout: TimeAmount
    /// Windows of one connection with the pipeline at once (their ACKs still go out in order).
    let windowsInFlight = 2
    /// Windows being received and mapped, across all connections, before the pipeline takes them
    /// (see `WindowGate`): what bounds memory with many connections.
    let windowsBeingReceived = 8
    /// Connections beyond this many are closed as soon as they are accepted (Sluice's limit).
    let maxConnections: Int
    /// Told the bound port (useful with `port => 0`).
    let onListening: (@Sendable (Int) -> Void)?

    public init(
        options: BeatsInputOptions, keepAliveInterval: Duration = .seconds(5), windowDeadline: Duration = .seconds(30),
        onListening: (@Sendable (Int) -> Void)? = nil
    ) throws {
        tls = try options.tls?.context()
        handshakeTimeout = options.handshakeTimeout
        maxConnections = options.maxConnections
        host = options.host
        port = options.port
        limits = LumberjackLimits()
        ecs = options.ecs
        decoration = options.decoration
        self.keepAliveInterval = keepAliveInterval
        inactivityTimeout = options.inactivityTimeout
        self.windowDeadline = windowDeadline
        self.onListening = onListening
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let limits = self.limits
        let idle = TimeAmount.seconds(inactivityTimeout)
        let tls = self.tls
        let handshakeTimeout = self.handshakeTimeout
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                        try channel.pipeline.syncOperations.addHandler(HandshakeTimeoutHandler(timeout: handshakeTimeout))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(
                            LumberjackFrameDecoder(parser: LumberjackParser(limits: limits, inflatesCompressed: false)),
                            maximumBufferSize: Int(limits.maxCompressed) + 1024))
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(CloseOnIdleHandler())
                    return AcceptedChannel(try NIOAsyncChannel<LumberjackFrame, ByteBuffer>(wrappingChannelSynchronously: channel))
                }
            }
        let bound = server.channel.localAddress?.port ?? port
        context.log.info(
            "beats input listening",
            [
                "stage": context.stageID, "address": "\(host):\(bound)", "tls": tls == nil ? "off" : "on",
                "inflate": "\(ZlibInflater.defaultEngine)",
            ])
        onListening?(bound)
        let gate = WindowGate(limit: windowsBeingReceived)
        let acceptor = ConnectionAcceptor(
            input: "beats", limit: maxConnections, acceptedMetric: BeatsMetric.connectionsAccepted.rawValue,
            refusedMetric: BeatsMetric.connectionsRefused.rawValue)
        try await acceptor.run(server, context: context) { connection, _ in
            await self.serve(connection, sink: sink, gate: gate, context: context)
        }
    }

    /// One connection: windows in order, each acknowledged after its batch completed.
    func serve(
        _ connection: NIOAsyncChannel<LumberjackFrame, ByteBuffer>, sink: any EventSink, gate: WindowGate, context: StageContext
    ) async {
        let peer = connection.channel.remoteAddress?.ipAddress
        let ecs = self.ecs
        let windowStarted = Locked<ContinuousClock.Instant?>(nil)
        let channel = connection.channel
        let deadline = windowDeadline
        // Cuts off a sender that starts a window and then trickles it (a per-read timeout would not).
        let watchdog = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(250))
                if let started = windowStarted.withLock({ $0 }), ContinuousClock.now - started > deadline {
                    context.log.warning("closing a beats connection: window not complete in time", ["peer": peer ?? "?"])
                    try await channel.close()
                    return
                }
            }
        }
        // Whether this connection holds a place in `gate` (from a window's `W` frame until the
        // pipeline took the window); given back however the connection ends.
        var holdsGate = false
        defer {
            watchdog.cancel()
            if holdsGate { gate.release() }
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                // Up to `windowsInFlight` windows are with the pipeline while the next is read; an
                // acknowledger writes their ACKs in order, each once its batch completed, with
                // keep-alives while it waits.
                let (pending, pendingSink) = AsyncStream.makeStream(of: PendingAck.self)
                let slots = WindowSlots(limit: windowsInFlight)
                let keepAlive = keepAliveInterval
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for await ack in pending {
                                while !(await ack.signal.wait(upTo: keepAlive)) {
                                    try Task.checkCancellation()
                                    try await outbound.write(ByteBuffer(bytes: LumberjackParser.ack(version: UInt8(ascii: "2"), sequence: 0)))
                                }
                                try await outbound.write(ByteBuffer(bytes: LumberjackParser.ack(version: ack.version, sequence: ack.sequence)))
                                context.metrics.add(BeatsMetric.windowsAcknowledged.rawValue)
                                await slots.release()
                            }
                        } catch {
                            await slots.close()  // the reader must not wait for a slot that never comes
                            throw error
                        }
                    }
                    defer { pendingSink.finish() }
                    // Compressed frames are inflated here, when this connection is ready for
                    // their events (under the gate), not as their bytes arrive; their `J` frames
                    // are mapped straight from the inflated bytes.
                    let inflater = LumberjackParser(limits: limits)
                    var window = WindowAssembler(ecs: ecs, peer: peer)
                    for try await incoming in inbound {
                        let now = Timestamp.now()
                        switch incoming {
                        case .compressed(let payload):
                            try window.take(compressed: payload, inflater: inflater, now: now)
                        case .json(let sequence, let payload):
                            try window.take(json: payload, sequence: sequence, now: now)
                        case .data(let sequence, let pairs):
                            try window.take(.data(sequence: sequence, pairs: pairs), now: now)
                        case .window(let frameVersion, let count):
                            try window.open(version: frameVersion, count: count)
                            if count > 0 {
                                // Until a place is free, nothing more is read from this socket.
                                guard await gate.acquire() else { throw CancellationError() }
                                holdsGate = true
                            }
                            windowStarted.withLock { $0 = count > 0 ? ContinuousClock.now : nil }
                            if count == 0 {
                                let signal = CompletionSignal()
                                signal.fire()
                                guard await slots.acquire() else { throw CancellationError() }
                                pendingSink.yield(PendingAck(signal: signal, version: frameVersion, sequence: 0))
                            }
                            continue
                        }
                        guard window.isComplete else { continue }
                        var events = window.takeEvents()
                        if !decoration.isEmpty {
                            for i in events.indices { decoration.apply(to: &events[i]) }
                        }
                        windowStarted.withLock { $0 = nil }
                        let signal = CompletionSignal()
                        let batch = EventBatch(events: events, completion: BatchCompletion { signal.fire() }, byteCount: events.count * 512)
                        guard await slots.acquire() else { throw CancellationError() }
                        try await sink.send(batch)
                        holdsGate = false
                        gate.release()
                        pendingSink.yield(PendingAck(signal: signal, version: window.version, sequence: window.lastSequence))
                    }
                    pendingSink.finish()
                    try await group.waitForAll()
                }
            }
        } catch let error as LumberjackError {
            context.log.warning("closing a beats connection: \(error.description)", ["peer": peer ?? "?", "stage": context.stageID])
        } catch is CancellationError {
        } catch {
            context.log.info("beats connection ended", ["peer": peer ?? "?", "reason": "\(error)"])
        }
    }
}

/// A window handed to the pipeline, waiting for its ACK.
struct PendingAck: Sendable {
    let signal: CompletionSignal
    let version: UInt8
    let sequence: UInt32
}

/// Counts a connection's windows in flight: the reader takes a slot per window, the acknowledger
/// gives it back after the ACK.
actor WindowSlots {
    let limit: Int
    private var used = 0
    private var closed = false
    private var waiting: [CheckedContinuation<Bool, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot; `false` once the acknowledger has gone (the connection is ending).
    func acquire() async -> Bool {
        if closed { return false }
        if used < limit {
            used += 1
            return true
        }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            used -= 1
        } else {
            waiting.removeFirst().resume(returning: true)  // the slot passes straight to the waiting reader
        }
    }

    func close() {
        closed = true
        for waiter in waiting { waiter.resume(returning: false) }
        waiting.removeAll()
    }
}
