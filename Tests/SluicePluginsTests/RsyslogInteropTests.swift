import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Testing

/// rsyslog (Debian's package, started here with a config of its own) reads a file of numbered lines
/// and forwards each line three ways: RFC 5424 over octet-counted TCP and RFC 3164 over UDP into
/// the syslog input, and RFC 3164 lines over TCP into the tcp input. Every line arrives each way,
/// exactly once.
@Suite(.timeLimit(.minutes(2))) struct RsyslogInteropTests {
    @Test func rsyslogForwardsEveryLineIntoSyslogAndTCP() async throws {
        let lines = 300
        let syslog = try await ListeningInputServer.start("syslog") { BuiltinPlugins.syslogInput(onListening: $0) }
        let tcp = try await ListeningInputServer.start("tcp") { BuiltinPlugins.tcpInput(onListening: $0) }
        let scratch = try ScratchDirectory("sluice-rsyslog")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (0..<lines).map { "numbered line \($0)\n" }.joined().write(toFile: "\(directory)/in.log", atomically: true, encoding: .utf8)
        let config = """
            global(workDirectory="\(directory)")
            module(load="imfile")
            input(type="imfile" file="\(directory)/in.log" tag="numbered:" ruleset="forward")
            ruleset(name="forward") {
              action(type="omfwd" target="127.0.0.1" port="\(syslog.port)" protocol="tcp" tcp_framing="octet-counted"
                     template="RSYSLOG_SyslogProtocol23Format")
              action(type="omfwd" target="127.0.0.1" port="\(syslog.port)" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")
              action(type="omfwd" target="127.0.0.1" port="\(tcp.port)" protocol="tcp" template="RSYSLOG_TraditionalForwardFormat")
            }
            """
        try config.write(toFile: "\(directory)/rsyslog.conf", atomically: true, encoding: .utf8)
        let rsyslog = Process()
        rsyslog.executableURL = URL(fileURLWithPath: "/usr/sbin/rsyslogd")
        rsyslog.arguments = ["-n", "-f", "\(directory)/rsyslog.conf", "-i", "\(directory)/rsyslog.pid"]
        rsyslog.standardError = FileHandle.nullDevice
        rsyslog.standardOutput = FileHandle.nullDevice
        try rsyslog.run()
        defer { if rsyslog.isRunning { kill(rsyslog.processIdentifier, SIGKILL) } }

        let viaSyslog = try await syslog.events(count: 2 * lines)
        let viaTCP = try await tcp.events(count: lines)
        // SIGKILL: a child of the test runner inherits its blocked SIGTERM.
        kill(rsyslog.processIdentifier, SIGKILL)
        await rsyslog.exited()
        await syslog.stop()
        await tcp.stop()

        let expected = (0..<lines).map { "numbered line \($0)" }
        // RFC 5424 (octet-counted TCP) events carry a version; RFC 3164 (UDP) ones do not.
        let version = try FieldPath(parsing: "[log][syslog][version]")
        let rfc5424 = viaSyslog.filter { $0[version] != nil }
        let rfc3164 = viaSyslog.filter { $0[version] == nil }
        #expect(rfc5424.compactMap { $0.fields["message"]?.stringValue } == expected)
        #expect(Set(rfc3164.compactMap { $0.fields["message"]?.stringValue }) == Set(expected))
        #expect(rfc3164.count == lines)
        for event in viaSyslog { #expect(event.fields["tags"] == nil, "\(event.jsonString)") }
        let program = try FieldPath(parsing: "[process][name]")
        #expect(viaSyslog.allSatisfy { $0[program] == "numbered" })
        // The tcp input keeps each forwarded line whole.
        #expect(viaTCP.count == lines)
        #expect(viaTCP.allSatisfy { $0.fields["message"]?.stringValue?.contains("numbered: numbered line") == true })
    }
}
