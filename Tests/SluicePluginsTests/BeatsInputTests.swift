import CZlib
import Foundation
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

/// The beats input on 127.0.0.1 (an OS-chosen port) with a real TCP client speaking Lumberjack v2.
@Suite struct BeatsInputTests {
    typealias Server = ListeningInputServer

    func start(
        output: RecordingOutput = RecordingOutput(), keepAlive: Duration = .seconds(5), windowDeadline: Duration = .seconds(30),
        settings: String = ""
    ) async throws -> Server {
        try await ListeningInputServer.start("beats", settings: settings, output: output) {
            BuiltinPlugins.beatsInput(keepAliveInterval: keepAlive, windowDeadline: windowDeadline, onListening: $0)
        }
    }

    /// A minimal Lumberjack client.
    struct Client {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

        static func connect(_ port: Int, tls: NIOSSLContext? = nil) async throws -> Client {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
                channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: nil)) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
            return Client(channel: channel)
        }

        /// A TLS client context trusting the test CA, with the client certificate when asked.
        static func tls(_ certificates: TestCertificates, withCertificate: Bool) throws -> NIOSSLContext {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificates.caCertificate))
            configuration.certificateVerification = .noHostnameVerification
            if withCertificate {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificates.clientCertificate).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificates.clientKey, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        }

        static func window(_ count: UInt32) -> [UInt8] { [0x32, 0x57] + u32(count) }

        static func json(_ sequence: UInt32, _ text: String) -> [UInt8] {
            [0x32, 0x4A] + u32(sequence) + u32(UInt32(text.utf8.count)) + Array(text.utf8)
        }

        static func compressed(_ frames: [UInt8]) -> [UInt8] {
            var size = compressBound(uLong(frames.count))
            var out = [UInt8](repeating: 0, count: Int(size))
            _ = compress2(&out, &size, frames, uLong(frames.count), 3)
            return [0x32, 0x43] + u32(UInt32(size)) + Array(out[0..<Int(size)])
        }

        static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

        /// Closes the connection (an async channel must be closed through `executeThenClose`).
        func close() async {
            try? await channel.executeThenClose { _, _ in }
        }

        /// Sends bytes and returns everything the server sends back until it closes.
        func exchangeRaw(_ bytes: [UInt8]) async throws -> [UInt8] {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: bytes))
                var received: [UInt8] = []
                for try await chunk in inbound { received += chunk.readableBytesView }
                return received
            }
        }

        /// Sends bytes, then reads ACK frames until one acknowledges `until` (or the connection ends).
        /// A connection the server closes or resets ends the reading: the ACKs received so far
        /// are the answer.
        func send(_ bytes: [UInt8], awaitingAck until: UInt32?, onAck: (UInt32) async -> Void = { _ in }) async throws -> [UInt32] {
            var acks: [UInt32] = []
            do {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(bytes: bytes))
                    guard let until else { return }
                    var pending = ByteBuffer()
                    for try await var chunk in inbound {
                        pending.writeBuffer(&chunk)
                        while pending.readableBytes >= 6, let frame = pending.readBytes(length: 6) {
                            #expect(frame[0] == 0x32 && frame[1] == 0x41)
                            let sequence = UInt32(frame[2]) << 24 | UInt32(frame[3]) << 16 | UInt32(frame[4]) << 8 | UInt32(frame[5])
                            acks.append(sequence)
                            await onAck(sequence)
                            if sequence == until { return }
                        }
                    }
                }
            } catch is ChannelError {
            } catch let error as IOError where [ECONNRESET, EPIPE].contains(error.errnoCode) {
            }
            return acks
        }
    }

    @Test func windowsAreAcknowledgedOnlyAfterTheOutputWroteThem() async throws {
        let server = try await start()
        let frames = Client.window(2) + Client.json(1, #"{"@timestamp":"2024-01-15T10:30:00.123Z","message":"hi","host":{"name":"web-1"},"@metadata":{"beat":"filebeat"}}"#)
            + Client.json(2, #"{"message":"yo","n":2}"#)
        let client = try await Client.connect(server.port)
        let written = Mutex(-1)
        let acks = try await client.send(frames, awaitingAck: 2) { _ in
            let count = await server.output.written.count
            written.withLock { $0 = count }
        }
        #expect(acks == [2])
        #expect(written.withLock { $0 } == 2)  // the ACK came after both events were written
        let events = await server.output.written
        #expect(events[0].fields["message"] == "hi")
        #expect(events[0].timestamp?.iso8601String == "2024-01-15T10:30:00.123Z")
        #expect(events[0][try FieldPath(parsing: "[host][name]")] == "web-1")
        #expect(events[0][try FieldPath(parsing: "[@metadata][beat]")] == "filebeat")
        #expect(events[0][try FieldPath(parsing: "[@metadata][input][beats][host][ip]")] == "127.0.0.1")
        #expect(events[0][try FieldPath(parsing: "[event][original]")] == "hi")
        #expect(events[1].tags == ["beats_input_codec_plain_applied"])
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func aCompressedWindowIsInflatedAndAcknowledged() async throws {
        let server = try await start()
        let inner = (1...50).flatMap { Client.json(UInt32($0), "{\"message\":\"line \($0)\"}") }
        let client = try await Client.connect(server.port)
        let acks = try await client.send(Client.window(50) + Client.compressed(inner), awaitingAck: 50)
        #expect(acks.last == 50)
        #expect(await server.output.written.map { $0.fields["message"]!.stringValue! } == (1...50).map { "line \($0)" })
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func aSlowPipelineGetsKeepAliveAcks() async throws {
        let output = RecordingOutput()
        await output.hold()
        let server = try await start(output: output, keepAlive: .milliseconds(20))
        let client = try await Client.connect(server.port)
        let released = Mutex(false)
        let acks = try await client.send(Client.window(1) + Client.json(1, #"{"message":"slow"}"#), awaitingAck: 1) { sequence in
            if sequence == 0 && !released.withLock({ $0 }) {
                released.withLock { $0 = true }
                await output.release()
            }
        }
        #expect(acks.first == 0)
        #expect(acks.last == 1)
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func aMalformedFrameClosesOnlyItsConnection() async throws {
        let server = try await start()
        let bad = try await Client.connect(server.port)
        let badAcks = try await bad.send([0x32, 0x57, 0, 0, 0, 1, 0x39, 0x39, 1, 2, 3], awaitingAck: 1)
        #expect(badAcks.isEmpty)  // closed without an ACK
        let hostile = try await Client.connect(server.port)
        // A JSON frame announcing 4 GB: refused before anything is allocated.
        let hostileAcks = try await hostile.send(Client.window(1) + [0x32, 0x4A, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xF0], awaitingAck: 1)
        #expect(hostileAcks.isEmpty)
        let good = try await Client.connect(server.port)
        #expect(try await good.send(Client.window(1) + Client.json(1, #"{"message":"ok"}"#), awaitingAck: 1) == [1])
        #expect(await server.output.written.map { $0.fields["message"] } == ["ok"])
        // A payload that is not a JSON object is kept, tagged, and acknowledged (never a poison window).
        let odd = try await Client.connect(server.port)
        #expect(try await odd.send(Client.window(2) + Client.json(1, "not json") + Client.json(2, "[1,2]"), awaitingAck: 2) == [2])
        let kept = await server.output.written.suffix(2)
        #expect(kept.map { $0.fields["message"] } == ["not json", "[1,2]"])
        #expect(kept.allSatisfy { $0.tags == ["_jsonparsefailure"] })
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func aWindowTrickledTooSlowlyIsCutOffAndOthersAreServed() async throws {
        let server = try await start(windowDeadline: .milliseconds(300))
        let slow = try await Client.connect(server.port)
        // A window announced, half a frame sent, then nothing: the server must close the connection.
        let started = ContinuousClock.now
        let acks = try await slow.send(Client.window(1) + Array(Client.json(1, #"{"message":"x"}"#).prefix(8)), awaitingAck: 1)
        #expect(acks.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(30))  // well before the 60 s inactivity timeout
        let good = try await Client.connect(server.port)
        #expect(try await good.send(Client.window(1) + Client.json(1, #"{"message":"ok"}"#), awaitingAck: 1) == [1])
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func tlsServesWindowsAndMutualTLSRefusesClientsWithoutACertificate() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let tlsSettings = #"ssl_enabled => true ssl_certificate => "\#(certificates.serverCertificate)" ssl_key => "\#(certificates.serverKey)""#
        let server = try await start(settings: tlsSettings)
        let client = try await Client.connect(server.port, tls: try Client.tls(certificates, withCertificate: false))
        #expect(try await client.send(Client.window(1) + Client.json(1, #"{"message":"over tls"}"#), awaitingAck: 1) == [1])
        // A plain-text client gets a TLS alert, never an ACK, and its event is not taken.
        let plain = try await Client.connect(server.port)
        let answer = (try? await plain.exchangeRaw(Client.window(1) + Client.json(1, #"{"message":"plain"}"#))) ?? []
        #expect(answer.first != 0x32)
        #expect(await server.output.written.map { $0.fields["message"] } == ["over tls"])
        server.pipeline.stop()
        try await server.run.value

        let mutual = try await start(
            settings: tlsSettings
                + #" ssl_client_authentication => "required" ssl_certificate_authorities => ["\#(certificates.caCertificate)"]"#)
        let anonymous = try await Client.connect(mutual.port, tls: try Client.tls(certificates, withCertificate: false))
        let refused = try? await anonymous.send(Client.window(1) + Client.json(1, #"{"message":"anonymous"}"#), awaitingAck: 1)
        #expect(refused == nil || refused == [])
        let identified = try await Client.connect(mutual.port, tls: try Client.tls(certificates, withCertificate: true))
        #expect(try await identified.send(Client.window(1) + Client.json(1, #"{"message":"identified"}"#), awaitingAck: 1) == [1])
        #expect(await mutual.output.written.map { $0.fields["message"] } == ["identified"])
        mutual.pipeline.stop()
        try await mutual.run.value
    }

    @Test func connectionsBeyondTheLimitAreClosedAndOthersServed() async throws {
        let server = try await start(settings: "max_connections => 2")
        // The first two are served (each has its window acknowledged) and stay open; only then
        // does the third connect, so which one is over the limit does not depend on accept order.
        let port = server.port
        let held = try await offPool {
            ["first", "second"].map { message in
                let fd = RawSocket.connect(toLocalPort: port)
                let ack = RawSocket.exchange(fd, send: Client.window(1) + Client.json(1, #"{"message":"\#(message)"}"#), receive: 6)
                return (fd, ack)
            }
        }
        #expect(held.map(\.1) == [[0x32, 0x41, 0, 0, 0, 1], [0x32, 0x41, 0, 0, 0, 1]])
        let third = try await Client.connect(server.port)
        // Closed by the server: the write may fail or the read end at once; either way no ACK.
        let thirdAcks = try await third.send(Client.window(1) + Client.json(1, #"{"message":"third"}"#), awaitingAck: 1)
        #expect(thirdAcks.isEmpty)
        for (fd, _) in held { close(fd) }
        #expect(Set(await server.output.written.compactMap { $0.fields["message"]?.stringValue }) == ["first", "second"])
        let metrics = try #require(server.pipeline.stats.snapshot.plugins["beats_1"])
        #expect(metrics.total("beats_connections_refused_total") == 1)
        #expect(metrics.total("beats_windows_acknowledged_total") == 2)
        server.pipeline.stop()
        try await server.run.value
    }

    @Test func protocolViolationsCloseTheirConnectionAndIdleCrowdsDoNotStopService() async throws {
        let server = try await start()
        let early = try await Client.connect(server.port)
        #expect(try await early.send(Client.json(1, #"{"message":"no window"}"#), awaitingAck: 1).isEmpty)
        let greedy = try await Client.connect(server.port)
        // More events than the window announced: the connection is closed (the window's ACK may
        // or may not have gone out first, as the window was already with the pipeline).
        let greedyAcks = try await greedy.send(Client.window(1) + Client.json(1, #"{"m":1}"#) + Client.json(2, #"{"m":2}"#), awaitingAck: 2)
        #expect(greedyAcks == [] || greedyAcks == [1])
        // 1,000 connections that send nothing; a good client is still served (the memory bound is
        // measured on the real binary, in BeatsIdleConnectionsTests, where nothing else runs).
        var idle: [Client] = []
        for _ in 0..<1_000 { idle.append(try await Client.connect(server.port)) }
        let good = try await Client.connect(server.port)
        #expect(try await good.send(Client.window(1) + Client.json(1, #"{"message":"ok"}"#), awaitingAck: 1) == [1])
        for client in idle { await client.close() }
        #expect(await server.output.written.compactMap { $0.fields["message"]?.stringValue }.contains("ok"))
        server.pipeline.stop()
        try await server.run.value
    }

    /// Stopping while clients connect: NIO's stream of accepted connections drops what it holds
    /// when the input stops, and a dropped connection used to stop the whole process (a trap in
    /// NIO, "Deinited NIOAsyncWriter without calling finish()"). Every connection of each burst
    /// must be closed by the server and the test process must live on.
    @Test func stoppingWhileClientsConnectClosesEveryConnection() async throws {
        for _ in 0..<8 {
            let server = try await start()
            let port = server.port
            // Plain sockets: the burst is in the server's accept queue when the stop comes.
            let sockets = try await offPool { (0..<64).map { _ in RawSocket.connect(toLocalPort: port) } }
            #expect(sockets.allSatisfy { $0 >= 0 })
            server.pipeline.stop()
            try await server.run.value
            // Each one is closed by the server: end of stream or a reset, not the 10 s timeout.
            let closed = try await offPool { sockets.filter { $0 >= 0 }.map { RawSocket.waitForClose($0) } }
            #expect(closed.allSatisfy { $0 }, "\(closed.filter { !$0 }.count) of \(closed.count) connections were left open")
            for fd in sockets where fd >= 0 { close(fd) }
        }
    }
}
