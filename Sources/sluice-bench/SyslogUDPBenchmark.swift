import Foundation
import SluiceTestSupport
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `sluice-bench syslog-udp [datagrams] [datagrams per second]`: a sender thread in this process
/// sends RFC 3164 lines (rsyslog's forwarding format, ~110 bytes) over UDP to a syslog input on
/// 127.0.0.1 at a paced rate, into an output that counts; prints the rate reached and how many
/// datagrams did not arrive (the kernel's drops).
struct SyslogUDPBenchmark {
    let datagrams: Int
    let rate: Int

    func run() async throws {
        let bench = try await ListeningBenchPipeline.start("syslog") { BuiltinPlugins.syslogInput(onListening: $0) }
        let (port, counter) = (bench.port, bench.counter)
        let lines = (0..<1_000).map { i in
            Array(
                "<\(128 + i % 8)>Jan 15 10:00:\(10 + i % 50) web-\(i % 7) nginx[\(1000 + i)]: GET /api/orders/\(i * 7919) 200 \(i % 300)ms customer=\(i % 97)"
                    .utf8)
        }
        let total = datagrams
        let perSecond = rate
        let clock = ContinuousClock()
        let start = clock.now
        let sent = try await offPool { Self.send(lines, to: port, total: total, perSecond: perSecond) }
        let sendSeconds = Self.seconds(clock.now - start)
        var last = -1
        var stalled = ContinuousClock.now
        while counter.count.load(ordering: .relaxed) < sent {
            let now = counter.count.load(ordering: .relaxed)
            if now != last { (last, stalled) = (now, ContinuousClock.now) }
            if ContinuousClock.now - stalled > .seconds(2) { break }
            try await Task.sleep(for: .milliseconds(1))
        }
        let seconds = Self.seconds(clock.now - start)
        let received = counter.count.load(ordering: .relaxed)
        try await bench.stop()
        print(
            "syslog udp: \(sent) datagrams sent in \(String(format: "%.2f", sendSeconds)) s (\(Int(Double(sent) / sendSeconds))/s asked \(perSecond)/s), "
                + "\(received) events in \(String(format: "%.2f", seconds)) s = \(Int(Double(received) / seconds)) events/s, "
                + "\(sent - received) not received (RFC 3164, counting output)")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Sends `total` datagrams (the lines in turn) at `perSecond`, 1,000 per sendmmsg call, from a
    /// blocking socket on the caller's thread: the sender costs a small part of a core.
    static func send(_ lines: [[UInt8]], to port: Int, total: Int, perSecond: Int) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let storage = lines.map { line -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: line.count, alignment: 1)
            buffer.copyBytes(from: line)
            return buffer
        }
        defer { for buffer in storage { buffer.deallocate() } }
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: storage.count)
        defer { vectors.deallocate() }
        let messages = UnsafeMutablePointer<MultipleMessageHeader>.allocate(capacity: storage.count)
        defer { messages.deallocate() }
        for (i, buffer) in storage.enumerated() {
            vectors[i] = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
            var header = msghdr()
            header.msg_iov = vectors + i
            header.msg_iovlen = 1
            messages[i] = MultipleMessageHeader(header: header, length: 0)
        }
        let began = ContinuousClock.now
        var sent = 0
        while sent < total {
            // Paced in steps of 1,000: ahead of schedule, sleep until due.
            let due = began + .nanoseconds(Int64(Double(sent) / Double(perSecond) * 1e9))
            let ahead = due - ContinuousClock.now
            if ahead > .microseconds(20) { usleep(UInt32(ahead.components.attoseconds / 1_000_000_000_000)) }
            let count = min(total - sent, storage.count)
            var done = 0
            while done < count {
                let n = sluiceBenchSendmmsg(fd, messages + done, UInt32(count - done), 0)
                if n <= 0 { break }
                done += Int(n)
            }
            sent += count
        }
        return sent
    }
}

/// Linux's `struct mmsghdr` (not in Swift's Glibc module): a message header and the bytes sent.
struct MultipleMessageHeader {
    var header: msghdr
    var length: UInt32
}

/// Linux's `sendmmsg(2)`, declared here as Glibc's module does not export it.
@_silgen_name("sendmmsg")
func sluiceBenchSendmmsg(_ fd: Int32, _ messages: UnsafeMutablePointer<MultipleMessageHeader>, _ count: UInt32, _ flags: Int32) -> Int32
