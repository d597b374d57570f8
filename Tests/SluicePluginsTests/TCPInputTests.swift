import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import NIOSSL
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Synchronization
import Testing

/// The tcp input on 127.0.0.1 (an OS-chosen port), fed by real TCP (and TLS) clients.
@Suite(.timeLimit(.minutes(2))) struct TCPInputTests {
    func start(_ settings: String = "") async throws -> ListeningInputServer {
        try await ListeningInputServer.start("tcp", settings: settings) { BuiltinPlugins.tcpInput(onListening: $0) }
    }

    /// Connects, writes `text` (in pieces, to cut lines across reads), runs `beforeClosing`, closes.
    func send(
        _ text: String, to port: Int, tls: NIOSSLContext? = nil, pieces: Int = 3, beforeClosing: @Sendable () async throws -> Void = {}
    ) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: nil)) }
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        let bytes = Array(text.utf8)
        let size = max(1, (bytes.count + pieces - 1) / pieces)
        try await channel.executeThenClose { _, outbound in
            for start in stride(from: 0, to: bytes.count, by: size) {
                try await outbound.write(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + size)]))
            }
            try await beforeClosing()
        }
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// Lines cut across reads arrive whole; the last line, without its end, arrives when the
    /// peer closes; ECS puts the peer in `[@metadata][input][tcp][source]`.
    @Test func linesArriveWithTheSourceInMetadataAndTheLastOneAtClose() async throws {
        let server = try await start()
        try await send("first line\nsecond line\nthird, unterminated", to: server.port)
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["first line", "second line", "third, unterminated"])
        for event in events {
            #expect(field(event, "[@metadata][input][tcp][source][ip]") == "127.0.0.1")
            #expect(field(event, "[@metadata][input][tcp][source][name]") == "127.0.0.1")
            if case .int(let port)? = field(event, "[@metadata][input][tcp][source][port]") { #expect(port > 0) } else { Issue.record("no port") }
            #expect(event.fields["host"] == nil && event.fields["port"] == nil)
        }
    }

    @Test func withoutECSThePeerIsInHostAndPort() async throws {
        let server = try await start("ecs_compatibility => disabled")
        try await send("one\n", to: server.port)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["host"] == "127.0.0.1")
        #expect(field(events[0], "[@metadata][ip_address]") == "127.0.0.1")
        if case .int? = events.first?.fields["port"] {} else { Issue.record("no port") }
    }

    /// json_lines: one document per line; a line that is not JSON is kept in `message`, tagged.
    @Test func jsonLinesAreDecodedAndABadLineIsTagged() async throws {
        let server = try await start("codec => json_lines")
        try await send("{\"n\":1,\"host\":\"app-1\"}\n{\"n\":2}\nnot json\n", to: server.port, pieces: 5)
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(events.count == 3)
        #expect(events[0].fields["n"] == 1 && events[1].fields["n"] == 2)
        #expect(events[2].fields["tags"] == ["_jsonparsefailure"])
        #expect(events[0].fields["host"] == "app-1")
    }

    /// Every connection's lines arrive, each connection in its own order.
    @Test func manyConnectionsAtOnceLoseNothing() async throws {
        let server = try await start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in 0..<20 {
                group.addTask {
                    try await send((0..<500).map { "c\(connection) line \($0)\n" }.joined(), to: server.port, pieces: 7)
                }
            }
            try await group.waitForAll()
        }
        let events = try await server.events(count: 10_000)
        await server.stop()
        #expect(events.count == 10_000)
        for connection in 0..<20 {
            let lines = events.compactMap { $0.fields["message"]?.stringValue }.filter { $0.hasPrefix("c\(connection) ") }
            #expect(lines == (0..<500).map { "c\(connection) line \($0)" })
        }
    }

    @Test func tlsConnectionsAreServed() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let server = try await start(
            #"ssl_enabled => true ssl_certificate => "\#(certificates.serverCertificate)" ssl_key => "\#(certificates.serverKey)""#)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(certificates.caCertificate)
        configuration.certificateVerification = .noHostnameVerification
        // Kept open until the line arrived: closing a TLS client at once may drop what it has not
        // yet sent through the handshake.
        try await send("secret line\n", to: server.port, tls: try NIOSSLContext(configuration: configuration)) {
            _ = try await server.events(count: 1)
        }
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["message"] == "secret line")
    }

    /// While the output holds everything, the input stops reading: the sender's writes stop being
    /// taken (its socket would block) long before the process buffers without bound; released,
    /// every line arrives.
    @Test func aFullPipelineStopsReadingTheSocket() async throws {
        let server = try await start()
        await server.output.hold()
        let line = Array((String(repeating: "x", count: 99) + "\n").utf8)
        let chunk = Array((0..<640).map { _ in line }.joined())  // 64,000 bytes, whole lines
        let port = server.port
        // Writes until the socket has not been writable for 2 s (the input stopped reading), or
        // far too much was taken.
        let (fd, taken, rest) = try await offPool { () -> (Int32, Int, [UInt8]) in
            let fd = RawSocket.connect(toLocalPort: port)
            guard fd >= 0 else { return (-1, 0, []) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var total = 0
            var pending = chunk[...]
            while total < 512 << 20 {
                if pending.isEmpty { pending = chunk[...] }
                let n = pending.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 {
                    total += n
                    pending = pending.dropFirst(n)
                    continue
                }
                var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&waiting, 1, 2_000) == 0 { break }
            }
            // The rest of the line in progress, sent once the output lets go.
            return (fd, total, Array(pending.prefix(pending.count % line.count)))
        }
        try #require(fd >= 0)
        await server.output.release()
        let written = try await offPool { () -> Int in
            defer { close(fd) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            let sent = rest.isEmpty ? 0 : rest.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return taken + max(0, sent)
        }
        #expect(written > 0 && written < 512 << 20, "\(written) bytes were taken while the output held")
        let events = try await server.events(count: written / line.count)
        await server.stop()
        #expect(events.count == written / line.count)
    }

    /// A line longer than `max_line_bytes` is cut there and tagged; the next line is whole.
    @Test func aLineLongerThanTheLimitIsCutAndTagged() async throws {
        let server = try await start("max_line_bytes => 10")
        try await send("0123456789abcdefghij\nshort\n", to: server.port, pieces: 4)
        let events = try await server.events(count: 2)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["0123456789", "short"])
        #expect(events.first?.fields["tags"] == ["_linetoolong"])
    }

    @Test func whatIsNotBuiltIsAConfigError() {
        for settings in ["mode => client", "proxy_protocol => true", "ssl_enabled => true", #"ssl_extra_chain_certs => ["/x.pem"]"#] {
            #expect(throws: (any Error).self, "\(settings)") {
                try StageMaker.stage(.input, "tcp { port => 5000 \(settings) }", catalog: BuiltinPlugins.catalog)
            }
        }
    }
}
