import CZlib
import NIOCore
import NIOPosix
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import Foundation
import Synchronization

/// `sluice-bench beats [windows] [connections]`: clients in this process replay pre-encoded
/// compressed windows (2048 events of ~265 bytes, zlib level 3) to a beats input on 127.0.0.1,
/// through the json filter, into a discarding output. Client included, as Filebeat would be.
struct BeatsBenchmark {
    let windowsPerConnection: Int
    let connections: Int
    let windowSize = 2048

    final class PortBox: Sendable { let port = Mutex<Int?>(nil) }

    func run() async throws {
        let box = PortBox()
        let beats = BuiltinPlugins.catalog.spec(.input, "beats")!.building(
            .input { try BeatsInput(stage: $0) { port in box.port.withLock { $0 = port } } })
        let catalog = PluginCatalog(BuiltinPlugins.specs.filter { $0.name != "beats" } + [beats], codecs: BuiltinPlugins.codecs)
        let config = try PipelineConfig.parse([
            ConfigSource(
                name: "bench",
                text: #"input { beats { host => "127.0.0.1" port => 0 } } filter { json { source => "message" } } output { null {} }"#)
        ]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(
            checked: checked, catalog: catalog, settings: PipelineSettings(workers: 2, batchSize: 125), dataPath: "/tmp/sluice-bench",
            log: .discarding)
        let server = Task { try await pipeline.run() }
        while box.port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
        let port = box.port.withLock { $0 }!

        // One window, encoded once: 2W 2048, then 2C with the 2048 2J frames inside.
        let lines = Workloads.serviceLogLines(count: windowSize)
        var frames: [UInt8] = []
        for (i, line) in lines.enumerated() {
            var document = ByteSink(capacity: 512)
            JSONWriter.append(.object(["message": .string(String(decoding: line, as: UTF8.self))]), to: &document)
            let json = document.bytes
            frames += [0x32, 0x4A] + Self.u32(UInt32(i + 1)) + Self.u32(UInt32(json.count)) + json
        }
        var size = compressBound(uLong(frames.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        _ = compress2(&compressed, &size, frames, uLong(frames.count), 3)
        let window = [0x32, 0x57] + Self.u32(UInt32(windowSize)) + [0x32, 0x43] + Self.u32(UInt32(size)) + Array(compressed[0..<Int(size)])

        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: "127.0.0.1", port: port) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                            }
                        }
                    try await channel.executeThenClose { inbound, outbound in
                        var iterator = inbound.makeAsyncIterator()
                        var pending = ByteBuffer()
                        for _ in 0..<windowsPerConnection {
                            try await outbound.write(ByteBuffer(bytes: window))
                            // Wait for the window's ACK (keep-alives, 2A 0, are skipped).
                            var acked = false
                            while !acked {
                                guard var chunk = try await iterator.next() else { return }
                                pending.writeBuffer(&chunk)
                                while let ack = pending.readBytes(length: 6) {
                                    if Self.u32(ack, 2) == UInt32(windowSize) { acked = true }
                                }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        pipeline.stop()
        try await server.value
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let events = windowsPerConnection * connections * windowSize
        print(
            "beats: \(events) events over \(connections) connection(s) in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(events) / seconds)) events/s (windows of \(windowSize), zlib level 3, json filter, null output; "
                + "\(size) compressed bytes per window)")
    }

    static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
