import NIOCore
import NIOPosix
import SluiceNetwork
import SluiceConfig
public import SluiceCore

/// `input { udp { port => 5514 } }`: a UDP socket; each datagram decoded by the codec, the
/// sender's address at `source_ip_fieldname` (unless the event has it), the datagrams of one
/// socket read handed to the pipeline as one batch. UDP cannot slow a sender: while the pipeline
/// is full the socket is not read, datagrams wait in its receive buffer (`receive_buffer_bytes`),
/// and those the kernel drops when it is full are counted (`udp_datagrams_dropped_total`, from
/// /proc/net/udp every 5 s) and logged.
public struct UDPInput: Input {
    let options: UDPInputOptions
    let onListening: (@Sendable (Int) -> Void)?

    public init(options: UDPInputOptions, onListening: (@Sendable (Int) -> Void)? = nil) {
        self.options = options
        self.onListening = onListening
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let options = self.options
        // recvmmsg: up to `messagesPerCall` datagrams per system call, into one buffer of 1 MiB or
        // so, sliced (one 64 KiB buffer per datagram was the input's largest cost).
        let messagesPerCall = max(1, min(64, (1 << 20) / options.bufferSize))
        var bootstrap = DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.datagramVectorReadMessageCount, value: messagesPerCall)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: options.bufferSize * messagesPerCall))
            .channelOption(.maxMessagesPerRead, value: 4)
        if let bytes = options.receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(clamping: bytes))
        }
        let channel = try await bootstrap.bind(host: options.host, port: options.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(DatagramBatcher())
                return try NIOAsyncChannel<[AddressedEnvelope<ByteBuffer>], AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
            }
        }
        let bound = channel.channel.localAddress?.port ?? options.port
        context.log.info("udp input listening", ["stage": context.stageID, "address": "\(options.host):\(bound)"])
        onListening?(bound)
        let watcher = Task { await Self.countDrops(port: bound, context: context) }
        defer { watcher.cancel() }
        let decoder = UDPDatagramDecoder(codec: options.codec)
        try await channel.executeThenClose { inbound, _ in
            var events: [Event] = []
            for try await datagrams in inbound {
                let now = Timestamp.now()
                var bytes = 0
                for datagram in datagrams {
                    let first = events.count
                    datagram.data.withUnsafeReadableBytes { decoder.decode($0, now: now, into: &events) }
                    bytes += datagram.data.readableBytes
                    let source = Value.string(datagram.remoteAddress.ipAddress ?? "")
                    for i in first..<events.count where events[i][options.sourceField] == nil {
                        try? events[i].set(options.sourceField, to: source)
                    }
                }
                context.metrics.add(UDPInputMetric.datagramsReceived.rawValue, datagrams.count)
                guard !events.isEmpty else { continue }
                if !options.decoration.isEmpty {
                    for i in events.indices { options.decoration.apply(to: &events[i]) }
                }
                // In pieces of at most 125, as the tcp input: the queue takes one while a worker
                // has the one before.
                var start = 0
                while start < events.count {
                    let end = min(events.count, start + 125)
                    try await sink.send(EventBatch(events: Array(events[start..<end]), byteCount: bytes * (end - start) / events.count))
                    start = end
                }
                events.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Adds the kernel's new drops for `port` to the counter every 5 s, with a warning when there
    /// are any.
    static func countDrops(port: Int, context: StageContext) async {
        var last = UDPReceiveDrops.read(port: port) ?? 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(5))
            guard let now = UDPReceiveDrops.read(port: port), now > last else { continue }
            context.metrics.add(UDPInputMetric.datagramsDropped.rawValue, now - last)
            context.log.warning(
                "udp datagrams dropped by the kernel: the pipeline did not keep up",
                ["stage": context.stageID, "dropped": "\(now - last)", "hint": "raise receive_buffer_bytes or add workers"])
            last = now
        }
    }
}

/// Hands on the datagrams of one socket read together (NIO reads up to `maxMessagesPerRead`
/// before `channelReadComplete`), so the input makes one batch of them.
final class DatagramBatcher: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias InboundOut = [AddressedEnvelope<ByteBuffer>]
    private var pending: [AddressedEnvelope<ByteBuffer>] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !pending.isEmpty {
            context.fireChannelRead(wrapInboundOut(pending))
            pending.removeAll(keepingCapacity: true)
        }
        context.fireChannelReadComplete()
    }
}

/// The udp input's counters (`/metrics` as `sluice_udp_*{stage=...}`).
public enum UDPInputMetric: String, CaseIterable, Sendable {
    case datagramsReceived = "udp_datagrams_received_total"
    case datagramsDropped = "udp_datagrams_dropped_total"
}
