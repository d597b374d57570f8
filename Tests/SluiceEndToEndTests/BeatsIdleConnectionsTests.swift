import Foundation
import SluiceCLI
import SluiceTestSupport
import Testing

/// 1,000 idle connections to the real binary's beats input cost little memory, and a good client
/// is still served.
@Suite struct BeatsIdleConnectionsTests {
    static func residentBytes(_ pid: Int32) -> Int {
        let fields = ((try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8)) ?? "").split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// How many descriptors the process has open (its accepted connections among them).
    static func openDescriptors(_ pid: Int32) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    /// Whether these tests run under AddressSanitizer or ThreadSanitizer: the `sluice` binary under
    /// test is then built alike, and its shadow memory counts in its resident size.
    static var underSanitizer: Bool { AllocatorTuning.isSanitized }

    @Test func aThousandIdleConnectionsStayUnder64MiB() async throws {
        let scratch = try ScratchDirectory("sluice-idle")
        defer { scratch.remove() }
        let directory = scratch.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sluice = try await BeatsProcess.start(directory: directory, workers: 2)
        let process = sluice.process
        defer { if process.isRunning { process.terminate() } }
        let bound = sluice.port
        let pid = process.processIdentifier
        let before = Self.residentBytes(pid)
        let descriptorsBefore = Self.openDescriptors(pid)
        var sockets: [Int32] = []
        for _ in 0..<1_000 { sockets.append(RawSocket.connect(toLocalPort: bound)) }
        #expect(sockets.allSatisfy { $0 >= 0 })
        // Until the server has accepted them all (a descriptor each), or 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while Self.openDescriptors(pid) < descriptorsBefore + 1_000 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Self.openDescriptors(pid) >= descriptorsBefore + 1_000)
        let after = Self.residentBytes(process.processIdentifier)
        if !Self.underSanitizer {
            #expect(after - before < 64 << 20, "1,000 idle connections took \((after - before) >> 20) MiB")
        }
        for fd in sockets where fd >= 0 { close(fd) }
        let status = await sluice.stop()
        #expect(status == 0, "exit status \(status), reason \(process.terminationReason == .exit ? "exit" : "signal"): \(String(decoding: sluice.errors.fileHandleForReading.availableData.suffix(2000), as: UTF8.self))")
    }
}
