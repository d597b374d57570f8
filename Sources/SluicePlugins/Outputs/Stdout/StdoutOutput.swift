public import SluiceConfig
public import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// `output { stdout { codec => ... } }`: encodes each batch and writes it to standard output in one go.
public struct StdoutOutput: Output {
    let encoder: EventEncoder
    let descriptor: Int32

    public init(encoder: EventEncoder, descriptor: Int32 = 1) {
        self.encoder = encoder
        self.descriptor = descriptor
    }

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
        var out = ByteSink(capacity: events.count * 256)
        for event in events { encoder.encode(event, into: &out) }
        let ok = out.withUnsafeBytes { bytes in FileDescriptorWriter.writeAll(descriptor, bytes) }
        return ok ? .written : .retry("cannot write to standard output (errno \(errno))")
    }

    public func close() async {}
}

/// `write(2)` until every byte is out (or an error other than EINTR).
public enum FileDescriptorWriter {
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
