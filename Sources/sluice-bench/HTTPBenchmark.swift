import Foundation
import NIOCore
import NIOPosix
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import Synchronization

/// `sluice-bench http [requests per connection] [connections] [events per request]`: keep-alive
/// clients in this process post NDJSON bodies (the standard workload's lines) to an http input on
/// 127.0.0.1, each waiting for its answer (with `ack_after_write`, after the counting output wrote
/// the events) before the next request; timed from the first request to the last answer.
struct HTTPBenchmark {
    let requestsPerConnection: Int
    let connections: Int
    let eventsPerRequest: Int

    func run() async throws {
        let bench = try await ListeningBenchPipeline.start("http") { BuiltinPlugins.httpInput(onListening: $0) }
        let (port, counter) = (bench.port, bench.counter)
        var body = ""
        for i in 0..<eventsPerRequest {
            body += #"{"@timestamp":"2024-01-15T10:00:\#(10 + i % 50).\#(100 + i % 900)Z","level":"\#(i % 10 == 0 ? "ERROR" : "INFO")","service":"checkout-\#(i % 7)","trace_id":"\#(String(i * 7919, radix: 16))","message":"order \#(i) placed for customer \#(i % 97)","took_ms":\#(i % 300)}"#
                + "\n"
        }
        let request = Array(
            ("POST /bulk HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
        let requests = requestsPerConnection
        let failures = TCPBenchmark.CountingOutput()  // its counter counts answers other than 200
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: "127.0.0.1", port: port) { channel in
                            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                        }
                    let buffer = ByteBuffer(bytes: request)
                    try await channel.executeThenClose { inbound, outbound in
                        var responses = inbound.makeAsyncIterator()
                        var pending = ByteBuffer()
                        for _ in 0..<requests {
                            try await outbound.write(buffer)
                            // An answer ends with its body, "ok" (or a refusal's text and newline).
                            while true {
                                if let view = pending.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) {
                                    let head = String(decoding: pending.readableBytesView[..<view.lowerBound], as: UTF8.self)
                                    let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                                    let total = view.upperBound - pending.readableBytesView.startIndex + length
                                    if pending.readableBytes >= total {
                                        if !head.hasPrefix("HTTP/1.1 200") { failures.count.add(1, ordering: .relaxed) }
                                        pending.moveReaderIndex(forwardBy: total)
                                        break
                                    }
                                }
                                guard var more = try await responses.next() else { return }
                                pending.writeBuffer(&more)
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let total = counter.count.load(ordering: .relaxed)
        try await bench.stop()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "http: \(total) events in \(requests * connections) requests over \(connections) keep-alive connection(s) in "
                + "\(String(format: "%.2f", seconds)) s = \(Int(Double(total) / seconds)) events/s, "
                + "\(Int(Double(requests * connections) / seconds)) requests/s (\(eventsPerRequest)-event NDJSON bodies, "
                + "answered after the write; \(failures.count.load(ordering: .relaxed)) not 200)")
    }
}
