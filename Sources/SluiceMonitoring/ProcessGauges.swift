#if canImport(Glibc)
import Glibc
#endif

/// The process's own figures for `/metrics`: resident memory, CPU time, open descriptors.
public struct ProcessGauges: Sendable, Hashable {
    public var residentBytes: Int
    public var cpuSeconds: Double
    public var openDescriptors: Int

    /// Reads them from /proc and getrusage (zeros where the platform has no /proc).
    public static func read() -> ProcessGauges {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        return ProcessGauges(residentBytes: residentBytes(), cpuSeconds: cpu, openDescriptors: openDescriptors())
    }

    static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        // "size resident shared ...", in pages.
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        return max(0, count - 3)  // ".", "..", and the descriptor of this listing
    }
}
