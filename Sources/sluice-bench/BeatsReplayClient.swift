import CZlib
import NIOCore
import NIOPosix
import SluiceCore

/// A Lumberjack v2 client that replays one pre-encoded window from memory, as fast as a server
/// takes it: `2W 2048` then one `2C` (zlib level 3) holding the 2048 `2J` frames; up to two
/// windows in flight per connection, as Filebeat pipelines them. Used by `sluice-bench beats`
/// (server in this process) and `sluice-bench beats-replay` (against a running `sluice`).
struct BeatsReplayClient {
    static let windowSize = 2048
    /// The encoded window.
    let window: [UInt8]
    /// The `C` frame's payload (the zlib stream), after `2W <count>` and `2C <length>`.
    var compressedPayload: ArraySlice<UInt8> { window[12...] }
    /// How many of the window's events fall on each UTC day (`2024.01.15` → count).
    let eventsPerDay: [String: Int]

    init() {
        let lines = Workloads.serviceLogLines(count: Self.windowSize)
        var frames: [UInt8] = []
        var days: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            let json = Workloads.beatsDocument(line)
            frames += [0x32, 0x4A] + Self.u32(UInt32(i + 1)) + Self.u32(UInt32(json.count)) + json
            // The line's "timestamp" starts with the day: {"timestamp":"2024-01-15T...
            if case .object(let object)? = try? JSONReader.parse(line), case .string(let time)? = object["timestamp"] {
                days[String(time.prefix(10).map { $0 == "-" ? "." : $0 }), default: 0] += 1
            }
        }
        var size = compressBound(uLong(frames.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        _ = compress2(&compressed, &size, frames, uLong(frames.count), 3)
        window = [0x32, 0x57] + Self.u32(UInt32(Self.windowSize)) + [0x32, 0x43] + Self.u32(UInt32(size)) + Array(compressed[0..<Int(size)])
        eventsPerDay = days
    }

    /// Sends `windows` windows over each of `connections` connections; returns once all are ACKed.
    func replay(port: Int, connections: Int, windows: Int) async throws {
        let window = self.window
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
                        var sent = 0
                        var acked = 0
                        while acked < windows {
                            while sent < windows && sent - acked < 2 {
                                try await outbound.write(ByteBuffer(bytes: window))
                                sent += 1
                            }
                            // A window's ACK carries its last sequence number; keep-alives (2A 0) are skipped.
                            guard var chunk = try await iterator.next() else { throw ReplayError.closed(acked: acked) }
                            pending.writeBuffer(&chunk)
                            while let ack = pending.readBytes(length: 6) {
                                if Self.u32(ack, 2) == UInt32(Self.windowSize) { acked += 1 }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    enum ReplayError: Error { case closed(acked: Int) }

    static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
