import CZlib
import NIOCore
import SluiceCore

/// A bulk request's body, gzipped (one member) when `compression_level` is above 0.
struct RequestBody {
    let buffer: ByteBuffer
    let uncompressedCount: Int
    let compressed: Bool

    init(_ bytes: UnsafeRawBufferPointer, deflaters: DeflaterPool?) {
        uncompressedCount = bytes.count
        if let deflaters, let gzipped = deflaters.gzip(bytes) {
            buffer = gzipped
            compressed = true
        } else {
            buffer = ByteBuffer(bytes: bytes)
            compressed = false
        }
    }
}

/// zlib deflate streams kept between requests: setting one up costs more than compressing a
/// small bulk body, so each request borrows one (`deflateReset` instead of init and end).
final class DeflaterPool: Sendable {
    let level: Int32
    private let idle = Locked<[Deflater]>([])

    init(level: Int32) {
        self.level = level
    }

    /// Deflates `bytes` into one gzip member, straight into the buffer that is sent.
    func gzip(_ bytes: UnsafeRawBufferPointer) -> ByteBuffer? {
        guard let deflater = idle.withLock({ $0.popLast() }) ?? Deflater(level: level) else { return nil }
        defer { idle.withLock { if $0.count < 16 { $0.append(deflater) } } }
        return deflater.gzip(bytes)
    }
}

/// One zlib stream; used by one request at a time (it is only ever held by the pool or by the
/// request that borrowed it).
final class Deflater: @unchecked Sendable {
    private var stream = z_stream()

    init?(level: Int32) {
        guard
            deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
    }

    deinit { deflateEnd(&stream) }

    func gzip(_ bytes: UnsafeRawBufferPointer) -> ByteBuffer? {
        guard deflateReset(&stream) == Z_OK else { return nil }
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        var buffer = ByteBufferAllocator().buffer(capacity: bound)
        let written = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { output -> Int in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let result = deflate(&stream, Z_FINISH)
            return result == Z_STREAM_END ? output.count - Int(stream.avail_out) : 0
        }
        return written > 0 ? buffer : nil
    }
}
