import Foundation
import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Testing

/// The syslog input: its RFC 3164 line parser on the RFC's and Logstash's examples, and the input
/// fed by util-linux's `logger` over TCP and UDP.
@Suite(.timeLimit(.minutes(2))) struct SyslogInputTests {
    // MARK: the line parser

    /// RFC 3164 §5.4's first example.
    @Test func rfc3164ExampleWithAProgram() throws {
        let line = try #require(SyslogLine("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"))
        #expect(line.priority == 34 && line.timestamp == "Oct 11 22:14:15" && line.host == "mymachine")
        #expect(line.program == "su" && line.pid == nil && line.message == "'su root' failed for lonvick on /dev/pts/8")
    }

    /// RFC 3164 §5.4's second example: a day padded with a space, an address as host, no program.
    @Test func rfc3164ExampleWithoutAProgram() throws {
        let line = try #require(SyslogLine("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!"))
        #expect(line.timestamp == "Feb  5 17:32:18" && line.host == "10.0.0.99" && line.program == nil && line.message == "Use the BFG!")
    }

    /// Logstash's spec line (a Cisco ASA message: the program is the message id).
    @Test func logstashSpecLine() throws {
        let line = try #require(
            SyslogLine(#"<164>Oct 26 15:19:25 1.2.3.4 %ASA-4-106023: Deny udp src DRAC:10.1.2.3/43434 dst outside:192.168.0.1/53 by access-group "acl_drac" [0x0, 0x0]"#))
        #expect(line.priority == 164 && line.host == "1.2.3.4" && line.program == "%ASA-4-106023")
        #expect(line.message.hasPrefix("Deny udp src DRAC:10.1.2.3/43434"))
    }

    @Test func isoTimestampAndPid() throws {
        let line = try #require(SyslogLine("<13>2024-01-15T10:00:00.123+01:00 web-1 nginx[123]: GET /"))
        #expect(line.timestamp == "2024-01-15T10:00:00.123+01:00" && line.host == "web-1" && line.program == "nginx" && line.pid == "123")
        #expect(line.message == "GET /")
    }

    /// What the default pattern does not match: no priority, priority 0 (not a POSINT), RFC 5424.
    @Test func linesThatAreNotRFC3164AreRefused() {
        #expect(SyslogLine("message which causes the a grok parse failure") == nil)
        #expect(SyslogLine("<0>Oct 11 22:14:15 host x: y") == nil)
        #expect(SyslogLine("<13>1 2024-03-27T10:05:50.040097+08:00 vm jack - - - hello") == nil)
        #expect(SyslogLine("<13>Foo 11 22:14:15 host x: y") == nil)
    }

    // MARK: the input

    func start(_ settings: String = "") async throws -> ListeningInputServer {
        try await ListeningInputServer.start("syslog", settings: settings) { BuiltinPlugins.syslogInput(onListening: $0) }
    }

    func logger(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["logger"] + arguments
        try process.run()
        await process.exited()
        #expect(process.terminationStatus == 0, "logger \(arguments)")
    }

    /// Writes `text` on a new TCP connection and closes it.
    func send(_ text: String, to port: Int) {
        let fd = RawSocket.connect(toLocalPort: port)
        _ = RawSocket.exchange(fd, send: Array(text.utf8), receive: 0, seconds: 1)
        close(fd)
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// `logger` (util-linux) over TCP and over UDP to the same port: both lines parsed, ECS fields.
    @Test func loggerOverTCPAndUDPIsParsed() async throws {
        let server = try await start()
        let port = "\(server.port)"
        try await logger(["--tcp", "--rfc3164", "-n", "127.0.0.1", "-P", port, "-t", "myapp", "-p", "local3.warning", "hello over tcp"])
        try await logger(["--udp", "--rfc3164", "-n", "127.0.0.1", "-P", port, "-t", "other", "hello over udp"])
        let events = try await server.events(count: 2)
        await server.stop()
        let tcp = try #require(events.first { $0.fields["message"] == "hello over tcp" })
        #expect(field(tcp, "[process][name]") == "myapp")
        #expect(field(tcp, "[log][syslog][priority]") == 156)  // local3 (19) * 8 + warning (4)
        #expect(field(tcp, "[log][syslog][facility][name]") == "local3" && field(tcp, "[log][syslog][severity][name]") == "Warning")
        #expect(field(tcp, "[host][ip]") == "127.0.0.1")
        #expect(field(tcp, "[host][hostname]") != nil && tcp.fields["tags"] == nil)
        let udp = try #require(events.first { $0.fields["message"] == "hello over udp" })
        #expect(field(udp, "[process][name]") == "other" && field(udp, "[log][syslog][priority]") == 13)
        #expect(field(udp, "[event][original]")?.stringValue?.hasSuffix("other: hello over udp") == true)
    }

    /// A line that is not RFC 3164 is kept and tagged, with RFC 3164's default priority 13.
    @Test func aLineThatIsNotSyslogIsKeptAndTagged() async throws {
        let server = try await start("ecs_compatibility => disabled")
        send("not a syslog line\n", to: server.port)
        let events = try await server.events(count: 1)
        await server.stop()
        let event = try #require(events.first)
        #expect(event.fields["message"] == "not a syslog line")
        #expect(event.fields["tags"] == ["_grokparsefailure_sysloginput"])
        #expect(event.fields["priority"] == 13 && event.fields["facility_label"] == "user-level" && event.fields["severity_label"] == "Notice")
        #expect(event.fields["host"] == "127.0.0.1")
    }

    /// Legacy fields, and the line's time as `@timestamp` (the line's own offset).
    @Test func withoutECSTheLegacyFieldsAreSetAndTheTimeIsTheLines() async throws {
        let server = try await start("ecs_compatibility => disabled")
        send("<86>2024-01-15T10:00:00Z gw sshd[42]: Accepted publickey\n", to: server.port)
        let events = try await server.events(count: 1)
        await server.stop()
        let event = try #require(events.first)
        #expect(event.fields["logsource"] == "gw" && event.fields["program"] == "sshd" && event.fields["pid"] == "42")
        #expect(event.fields["timestamp"] == "2024-01-15T10:00:00Z" && event.fields["message"] == "Accepted publickey")
        #expect(event.timestamp == Timestamp(epochSeconds: 1_705_312_800))
        #expect(event.fields["facility"] == 10 && event.fields["severity"] == 6)
    }

    @Test func whatIsNotBuiltIsAConfigError() {
        for settings in [#"grok_pattern => "%{GREEDYDATA}""#, "proxy_protocol => true", "codec => json"] {
            #expect(throws: (any Error).self, "\(settings)") {
                try StageMaker.stage(.input, "syslog { port => 5000 \(settings) }", catalog: BuiltinPlugins.catalog)
            }
        }
    }
}
