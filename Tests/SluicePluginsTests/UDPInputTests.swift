import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Synchronization
import Testing

/// The udp input on 127.0.0.1 (an OS-chosen port), fed datagrams by a plain socket.
@Suite(.timeLimit(.minutes(2))) struct UDPInputTests {
    func start(_ settings: String = "") async throws -> ListeningInputServer {
        try await ListeningInputServer.start("udp", settings: settings) { BuiltinPlugins.udpInput(onListening: $0) }
    }

    /// Sends each text as one datagram to 127.0.0.1:`port`.
    func send(_ datagrams: [String], to port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        for text in datagrams {
            let bytes = Array(text.utf8)
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// codec plain: a datagram is a message as sent; the sender in `[host][ip]` (ECS).
    @Test func eachDatagramIsAnEventWithTheSenderInHostIP() async throws {
        let server = try await start()
        send(["first datagram", "second\n"], to: server.port)
        let events = try await server.events(count: 2)
        await server.stop()
        #expect(Set(events.compactMap { $0.fields["message"]?.stringValue }) == ["first datagram", "second\n"])
        #expect(events.allSatisfy { field($0, "[host][ip]") == "127.0.0.1" })
    }

    @Test func withoutECSTheSenderIsInHost() async throws {
        let server = try await start("ecs_compatibility => disabled")
        send(["x"], to: server.port)
        let events = try await server.events(count: 1)
        await server.stop()
        #expect(events.first?.fields["host"] == "127.0.0.1")
    }

    /// json: an object is an event, a list of objects one each, anything else tagged; a
    /// `[host][ip]` the document brings is kept.
    @Test func jsonDatagramsAreDocuments() async throws {
        let server = try await start("codec => json")
        send([#"{"n":1,"host":{"ip":"10.1.1.1"}}"#, #"[{"n":2},{"n":3}]"#, "not json"], to: server.port)
        let events = try await server.events(count: 4)
        await server.stop()
        let numbers = Set(events.compactMap { event -> Int64? in if case .int(let n)? = event.fields["n"] { n } else { nil } })
        #expect(numbers == [1, 2, 3])
        #expect(events.first { $0.fields["n"] == 1 }.map { field($0, "[host][ip]") } == "10.1.1.1")
        #expect(events.contains { $0.fields["tags"] == ["_jsonparsefailure"] && $0.fields["message"] == "not json" })
    }

    /// line and json_lines: every line of a datagram, the last without its end too.
    @Test func lineCodecsSplitADatagram() async throws {
        let server = try await start("codec => line")
        send(["a\nb\nc"], to: server.port)
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(events.map { $0.fields["message"] } == ["a", "b", "c"])
    }

    /// The kernel's drop counts, read from a /proc/net/udp table by port.
    @Test func droppedDatagramsAreReadFromProcNetUDP() {
        let table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             120: 00000000:14B6 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 39811 2 0000000000000000 17
             318: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 20166 2 0000000000000000 0
            """
        #expect(UDPReceiveDrops.parse(table, port: 5302) == 17)
        #expect(UDPReceiveDrops.parse(table, port: 53) == 0)
        #expect(UDPReceiveDrops.parse(table, port: 9999) == nil)
    }

    @Test func aBufferSizeBeyondADatagramIsAConfigError() {
        #expect(throws: (any Error).self) { try StageMaker.stage(.input, "udp { port => 5000 buffer_size => 70000 }", catalog: BuiltinPlugins.catalog) }
    }
}
