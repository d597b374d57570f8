import Foundation
import SluiceTestSupport
import Testing

/// kill -9 of the real binary in the middle of a beats stream, then a restart on the same port:
/// the sender (pylogbeat, resending a window whose ACK never came, as Filebeat does) gets every
/// window acknowledged, and every event is in the output at least once.
@Suite struct BeatsCrashTests {
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw CancellationError() }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func killNineMidStreamLosesNoEvent() async throws {
        let scratch = try ScratchDirectory("sluice-beats-crash")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try Self.freePort()
        let sluice = RestartableSluice(directory: directory) { output in
            #"input { beats { host => "127.0.0.1" port => \#(port) } } output { file { path => "\#(output)" } }"#
        }
        defer { sluice.killAll() }
        var running = try sluice.start()
        let windows = 60
        let script = """
            import time, pylogbeat
            client = None
            for window in range(\(windows)):
                events = [{"message": f"e{window * 100 + i}", "seq": window * 100 + i} for i in range(100)]
                while True:
                    try:
                        if client is None:
                            client = pylogbeat.PyLogBeatClient("127.0.0.1", \(port), ssl_enable=False, timeout=5)
                            client.connect()
                        client.send(events)
                        break
                    except Exception:
                        try:
                            client.close()
                        except Exception:
                            pass
                        client = None
                        time.sleep(0.05)
                time.sleep(0.01)
                if window == 9:
                    print("halfway", flush=True)
            print("all acknowledged")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script]
        let said = Pipe()
        python.standardOutput = said
        python.standardError = said
        try python.run()

        // 10 windows acknowledged: 1,000 events written. Then the kill.
        let first = await RestartableSluice.read(said.fileHandleForReading, until: "halfway")
        kill(running.processIdentifier, SIGKILL)
        await running.exited()
        running = try sluice.start()
        let text = first + String(decoding: await said.fileHandleForReading.readAll(), as: UTF8.self)
        await python.exited()
        #expect(text.contains("all acknowledged"), "\(text)")
        kill(running.processIdentifier, SIGTERM)
        await running.exited()

        let seen = sluice.sequenceNumbers()
        #expect(seen.count == windows * 100, "missing: \((0..<windows * 100).filter { !seen.contains($0) }.prefix(10))")
    }
}
