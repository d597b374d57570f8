import CZlib
import NIOCore

/// A bulk request's body, gzipped (one member) when `compression_level` is above 0.
struct RequestBody {
    let buffer: ByteBuffer
    let uncompressedCount: Int
    let compressed: Bool

    init(_ bytes: UnsafeRawBufferPointer, level: Int32) {
        uncompressedCount = bytes.count
        if level > 0, let gzipped = RequestBody.gzip(bytes, level: level) {
            buffer = gzipped
            compressed = true
        } else {
            buffer = ByteBuffer(bytes: bytes)
            compressed = false
        }
    }

    /// Deflates straight into the buffer that is sent (no intermediate copy).
    static func gzip(_ bytes: UnsafeRawBufferPointer, level: Int32) -> ByteBuffer? {
        var stream = z_stream()
        guard
            deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        var buffer = ByteBufferAllocator().buffer(capacity: bound)
        let status = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { output -> Int in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let result = deflate(&stream, Z_FINISH)
            return result == Z_STREAM_END ? output.count - Int(stream.avail_out) : 0
        }
        return status > 0 ? buffer : nil
    }
}
