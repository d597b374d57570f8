import Foundation
import SluiceTestSupport
import Testing

/// kill -9 of the real binary while a client posts 100,000 numbered events in 1,000 NDJSON
/// requests, retrying each until it gets a 2xx; then a restart on the same port. With
/// `ack_after_write` (the default) a 2xx means the events were written, so every event is in the
/// output at least once.
@Suite struct HTTPCrashTests {
    @Test func killNineWhileClientsPostLosesNoEvent() async throws {
        let scratch = try ScratchDirectory("sluice-http-crash")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try BeatsCrashTests.freePort()
        let sluice = RestartableSluice(directory: directory) { output in
            #"input { http { host => "127.0.0.1" port => \#(port) } } output { file { path => "\#(output)" } }"#
        }
        defer { sluice.killAll() }
        var running = try sluice.start()
        let requests = 1_000
        let script = """
            import http.client, time
            connection = None
            for request in range(\(requests)):
                body = "".join('{"seq": %d}\\n' % (request * 100 + i) for i in range(100)).encode()
                while True:
                    try:
                        if connection is None:
                            connection = http.client.HTTPConnection("127.0.0.1", \(port), timeout=10)
                        connection.request("POST", "/", body, {"Content-Type": "application/x-ndjson"})
                        response = connection.getresponse()
                        response.read()
                        if 200 <= response.status < 300:
                            break
                    except Exception:
                        pass
                    try:
                        connection.close()
                    except Exception:
                        pass
                    connection = None
                    time.sleep(0.05)
                if request == 99:
                    print("halfway", flush=True)
            print("all answered")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script]
        let said = Pipe()
        python.standardOutput = said
        python.standardError = said
        try python.run()

        // 100 requests answered: with ack_after_write, 10,000 events written. Then the kill.
        let first = await RestartableSluice.read(said.fileHandleForReading, until: "halfway")
        kill(running.processIdentifier, SIGKILL)
        await running.exited()
        running = try sluice.start()
        let text = first + String(decoding: await said.fileHandleForReading.readAll(), as: UTF8.self)
        await python.exited()
        #expect(text.contains("all answered"), "\(text)")
        kill(running.processIdentifier, SIGTERM)
        await running.exited()

        let seen = sluice.sequenceNumbers()
        #expect(seen.count == requests * 100, "missing: \((0..<requests * 100).filter { !seen.contains($0) }.prefix(10))")
    }
}
