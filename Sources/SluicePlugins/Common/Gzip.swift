import CZlib

/// gzip through the system zlib: whole members for the file output, and a streaming reader for
/// the file input's `.gz` files.
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One complete gzip member holding `bytes` (a file made of members is one valid gzip file).
    static func member(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw Failure(description: "zlib deflate initialization failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        let status = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib deflate failed (\(status))") }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// Inflates a gzip file (all members, in order) chunk by chunk.
    final class StreamReader {
        private var stream = z_stream()
        private var open = false
        private(set) var finished = false

        init() throws {
            guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Failure(description: "zlib inflate initialization failed")
            }
            open = true
        }

        deinit {
            if open { inflateEnd(&stream) }
        }

        /// Inflates a chunk of the compressed file, appending what it holds to `output`.
        func inflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws {
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while stream.avail_in > 0 {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                switch status {
                case Z_STREAM_END:
                    // Another member may follow.
                    finished = stream.avail_in == 0
                    if stream.avail_in > 0 { inflateReset(&stream) }
                case Z_OK, Z_BUF_ERROR:
                    finished = false
                    if status == Z_BUF_ERROR && stream.avail_in > 0 && stream.avail_out > 0 {
                        throw Failure(description: "corrupt gzip data")
                    }
                default:
                    throw Failure(description: "corrupt gzip data (\(status))")
                }
            }
        }
    }
}
