import Foundation
import NIOCore
import NIOPosix
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import Synchronization

/// `sluice-bench tcp [events] [connections]`: clients in this process send JSON lines (the
/// standard workload's shape, ~200 bytes) to a tcp input on 127.0.0.1 with `codec => json_lines`,
/// into an output that counts; timed from the first byte to the last event counted.
struct TCPBenchmark {
    let eventsPerConnection: Int
    let connections: Int

    final class PortBox: Sendable { let port = Locked<Int?>(nil) }

    /// Counts what it is given.
    final class CountingOutput: Output {
        let count = Atomic<Int>(0)
        func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
            count.add(events.count, ordering: .relaxed)
            return .written
        }
        func close() async {}
    }

    func run() async throws {
        let bench = try await ListeningBenchPipeline.start("tcp", settings: "codec => json_lines") { BuiltinPlugins.tcpInput(onListening: $0) }
        let (port, counter) = (bench.port, bench.counter)
        // 1,000 distinct lines, sent over and over in 64 KiB writes.
        let lines = (0..<1_000).map { i in
            #"{"@timestamp":"2024-01-15T10:00:\#(10 + i % 50).\#(100 + i % 900)Z","level":"\#(i % 10 == 0 ? "ERROR" : "INFO")","service":"checkout-\#(i % 7)","trace_id":"\#(String(i * 7919, radix: 16))","message":"order \#(i) placed for customer \#(i % 97)","took_ms":\#(i % 300)}"#
                + "\n"
        }
        var block: [UInt8] = []
        var blockLines = 0
        while block.count < 60_000 {
            block += Array(lines[blockLines % lines.count].utf8)
            blockLines += 1
        }
        let payload = block
        let perConnection = max(1, eventsPerConnection / blockLines)
        let total = perConnection * blockLines * connections
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    // Half-closed after the last write, then closed once the server has read it all
                    // (closing at once would drop what NIO had not yet handed to the kernel).
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .channelOption(.allowRemoteHalfClosure, value: true)
                        .connect(host: "127.0.0.1", port: port) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                                    wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                            }
                        }
                    let buffer = ByteBuffer(bytes: payload)
                    try await channel.executeThenClose { inbound, outbound in
                        for _ in 0..<perConnection { try await outbound.write(buffer) }
                        outbound.finish()
                        for try await _ in inbound {}
                    }
                }
            }
            try await group.waitForAll()
        }
        var last = -1
        var stalled = ContinuousClock.now
        while counter.count.load(ordering: .relaxed) < total {
            let now = counter.count.load(ordering: .relaxed)
            if now != last { (last, stalled) = (now, ContinuousClock.now) }
            if ContinuousClock.now - stalled > .seconds(10) {
                print("tcp: stalled at \(now) of \(total) events")
                try await bench.stop()
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        let elapsed = clock.now - start
        try await bench.stop()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "tcp: \(total) events over \(connections) connection(s) in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(total) / seconds)) events/s (json_lines, \(block.count / blockLines) bytes per line, counting output)")
    }
}
