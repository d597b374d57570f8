import CZlib

/// gzip through the system zlib: whole members for the file output, a streaming reader for the
/// file input's `.gz` files, and capped inflation of compressed request bodies (http input).
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

    /// Inflates a whole compressed body (`Content-Encoding: gzip` or `deflate`: zlib-wrapped, or raw
    /// deflate as some clients send it), never past `limit` bytes of output: a small bomb cannot
    /// grow memory. Throws `Failure` for truncated or corrupt data, `BodyTooLarge` when the output
    /// would pass `limit`.
    static func inflateBody(_ input: UnsafeRawBufferPointer, encoding: BodyEncoding, limit: Int) throws -> [UInt8] {
        let windowBits: Int32
        switch encoding {
        case .gzip: windowBits = 15 + 16
        case .deflate: windowBits = (input.first.map { $0 & 0x0F == 8 } ?? false) ? 15 : -15
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib inflate initialization failed")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(max(4 * input.count, 16 * 1024), 1 << 20))
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            if output.count + produced > limit {
                throw BodyTooLarge()
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // A gzip file may hold further members.
                if encoding == .gzip && stream.avail_in > 0 {
                    inflateReset(&stream)
                    continue
                }
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw Failure(description: "the compressed body is truncated")
            default:
                throw Failure(description: "the compressed body is corrupt (zlib \(status))")
            }
        }
    }

    /// A body that inflates past its limit.
    struct BodyTooLarge: Error {}

    /// A compressed request body's `Content-Encoding`.
    enum BodyEncoding: Sendable, Equatable {
        case gzip, deflate
    }
}
