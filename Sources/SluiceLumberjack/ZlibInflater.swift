import CZlib

/// Inflates a zlib stream (RFC 1950) through the system zlib, with a cap on the output so that a
/// small hostile frame cannot expand into gigabytes.
enum ZlibInflater {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// - Throws: when the data is not a complete zlib stream, or inflates past `limit` bytes.
    static func inflate(_ input: UnsafeRawBufferPointer, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib initialization failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            if output.count + produced > limit {
                throw Failure(description: "compressed frame inflates past \(limit) bytes")
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                return output
            case Z_OK:
                if stream.avail_in == 0 && produced == 0 {
                    throw Failure(description: "truncated zlib stream")
                }
            default:
                throw Failure(description: "invalid zlib stream (\(status))")
            }
        }
    }
}
