import Foundation
import SluiceConfig
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing

@testable import SluicePlugins

/// What the syslog input reads beyond Logstash: RFC 5424 messages (the RFC's own examples), and
/// RFC 6587 octet-counted framing on TCP, detected per connection.
@Suite(.timeLimit(.minutes(2))) struct SyslogRFC5424Tests {
    // MARK: the message parser, on RFC 5424 §6.5's examples

    /// Example 1: no structured data, a BOM before the message.
    @Test func rfc5424Example1() throws {
        let message = try #require(
            RFC5424Message("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{FEFF}'su root' failed for lonvick on /dev/pts/8"))
        #expect(message.priority == 34 && message.version == 1 && message.timestamp == "2003-10-11T22:14:15.003Z")
        #expect(message.hostname == "mymachine.example.com" && message.appName == "su" && message.procID == nil && message.msgID == "ID47")
        #expect(message.structuredData == nil && message.message == "'su root' failed for lonvick on /dev/pts/8")
    }

    /// Example 2: a zone offset and microseconds, a process id, no message id.
    @Test func rfc5424Example2() throws {
        let message = try #require(RFC5424Message("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts."))
        #expect(message.timestamp == "2003-08-24T05:14:15.000003-07:00" && message.hostname == "192.0.2.1")
        #expect(message.appName == "myproc" && message.procID == "8710" && message.msgID == nil && message.message == "%% It's time to make the do-nuts.")
    }

    /// Example 3: one structured data element with three parameters.
    @Test func rfc5424Example3StructuredData() throws {
        let message = try #require(
            RFC5424Message(
                #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry..."#
            ))
        #expect(message.structuredData == ["exampleSDID@32473": ["iut": "3", "eventSource": "Application", "eventID": "1011"]])
        #expect(message.message == "An application event log entry...")
    }

    /// Example 4: two elements and no message.
    @Test func rfc5424Example4TwoElementsNoMessage() throws {
        let message = try #require(
            RFC5424Message(
                #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]"#
            ))
        #expect(message.structuredData?["examplePriority@32473"] == ["class": "high"])
        #expect(message.structuredData?.count == 2 && message.message == "")
    }

    @Test func structuredDataValuesAreUnescaped() throws {
        let message = try #require(RFC5424Message(#"<13>1 - - - - - [x@1 v="a\"b\\c\]d"] m"#))
        #expect(message.structuredData == ["x@1": ["v": #"a"b\c]d"#]])
        #expect(message.timestamp == nil && message.hostname == nil)
    }

    @Test func malformedMessagesAreRefused() {
        for text in [
            "<13>0 2003-10-11T22:14:15Z h a - - - m",  // version 0
            "<192>1 2003-10-11T22:14:15Z h a - - - m",  // priority past 191
            "<13>1 2003-10-11 22:14:15Z h a - - - m",  // not RFC 3339
            "<13>1 2003-10-11T22:14:15Z h a - - [open m",  // unterminated element
            "<13>1 2003-10-11T22:14:15Z h a - -",  // no structured data
            "<13>Oct 11 22:14:15 host su: RFC 3164",
        ] {
            #expect(RFC5424Message(text) == nil, "\(text)")
        }
    }

    // MARK: framing

    func frames(_ chunks: [String]) -> [String] {
        var decoder = SyslogFrameDecoder(maxFrameBytes: 1_000)
        var events: [Event] = []
        for chunk in chunks { Array(chunk.utf8).withUnsafeBytes { decoder.decode($0, now: .now(), into: &events) } }
        decoder.finish(now: .now(), into: &events)
        return events.compactMap { $0.fields["message"]?.stringValue }
    }

    /// RFC 6587 §3.4.1: `LENGTH SP MESSAGE`, frames cut anywhere across reads.
    @Test func octetCountedFramesAcrossReads() {
        let messages = ["<13>1 - - - - - -", "<13>1 - - - - - - x", "hello", "a\nb\nc"]
        let stream = messages.map { "\($0.utf8.count) \($0)" }.joined()
        // Every way of cutting the stream in two reads gives the same frames.
        for cut in 0...stream.utf8.count {
            let bytes = Array(stream.utf8)
            let chunks = [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
            #expect(frames(chunks) == messages, "cut at \(cut)")
        }
    }

    /// RFC 6587 §3.4.2: a connection whose first byte is not a digit is read line by line.
    @Test func nonTransparentFramingIsLines() {
        #expect(frames(["<13>Oct 11 22:14:15 h a: one\n<13>Oct 11 22:14:15 h a: ", "two\n"]) == [
            "<13>Oct 11 22:14:15 h a: one", "<13>Oct 11 22:14:15 h a: two",
        ])
    }

    /// A length that is not followed by a space switches the connection to lines, losing nothing.
    @Test func aBrokenLengthFallsBackToLines() {
        #expect(frames(["5 hello12x oops\nnext\n"]) == ["hello", "12x oops", "next"])
        #expect(frames(["99999999 way too long\n"]) == ["99999999 way too long"])
    }

    @Test func aFrameCutByTheEndOfTheConnectionIsStillAnEvent() {
        #expect(frames(["20 short"]) == ["short"])
    }

    // MARK: the input

    func start(_ settings: String = "") async throws -> ListeningInputServer {
        try await ListeningInputServer.start("syslog", settings: settings) { BuiltinPlugins.syslogInput(onListening: $0) }
    }

    func run(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        await process.exited()
        #expect(process.terminationStatus == 0, "\(arguments)")
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// `logger --rfc5424` over octet-counted TCP and over UDP: the RFC 5424 parts in ECS fields,
    /// structured data as an object, the message's own time as `@timestamp`.
    @Test func loggerRFC5424OverOctetCountedTCPAndUDP() async throws {
        let server = try await start()
        let port = "\(server.port)"
        try await run([
            "logger", "--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P", port, "-t", "billing", "--msgid", "INV7",
            "--sd-id", "order@32473", "--sd-param", #"id="42""#, "--id=4242", "-p", "local0.err", "first over tcp",
        ])
        try await run(["logger", "--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P", port, "-t", "billing", "second over tcp"])
        try await run(["logger", "--udp", "--rfc5424", "-n", "127.0.0.1", "-P", port, "-t", "billing", "over udp"])
        let events = try await server.events(count: 3)
        await server.stop()
        #expect(Set(events.compactMap { $0.fields["message"]?.stringValue }) == ["first over tcp", "second over tcp", "over udp"])
        let first = try #require(events.first { $0.fields["message"] == "first over tcp" })
        #expect(first.fields["tags"] == nil)
        #expect(field(first, "[process][name]") == "billing" && field(first, "[log][syslog][msgid]") == "INV7")
        #expect(field(first, "[log][syslog][version]") == 1 && field(first, "[log][syslog][priority]") == 131)
        #expect(field(first, "[log][syslog][structured_data][order@32473][id]") == "42")
        #expect(field(first, "[host][hostname]") != nil && field(first, "[process][pid]") == 4242)
        for event in events { #expect(event.fields["tags"] == nil, "\(event.jsonString)") }
    }

    /// Python's `logging.handlers.SysLogHandler` over UDP, 200 numbered records at a paced rate: all arrive.
    @Test func pythonSysLogHandlerRecordsAllArrive() async throws {
        let server = try await start()
        let script = """
            import logging, logging.handlers, sys, time
            handler = logging.handlers.SysLogHandler(address=("127.0.0.1", int(sys.argv[1])))
            handler.setFormatter(logging.Formatter("%(asctime)s pyhost pyapp[%(process)d]: %(message)s", datefmt="%b %d %H:%M:%S"))
            log = logging.getLogger("t")
            log.addHandler(handler)
            log.setLevel(logging.INFO)
            for i in range(200):
                log.warning("record %d", i)
                time.sleep(0.001)
            """
        try await run(["python3", "-c", script, "\(server.port)"])
        let events = try await server.events(count: 200)
        await server.stop()
        #expect(Set(events.compactMap { $0.fields["message"]?.stringValue }) == Set((0..<200).map { "record \($0)" }))
        #expect(events.allSatisfy { field($0, "[process][name]") == "pyapp" && $0.fields["tags"] == nil })
        #expect(events.allSatisfy { field($0, "[log][syslog][severity][name]") == "Warning" })
    }
}
