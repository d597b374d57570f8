import CAdler32
import CLibdeflate
import CZlib

/// Inflates a zlib stream (RFC 1950), with a cap on the output so that a small hostile frame
/// cannot expand into gigabytes.
///
/// A `C` frame arrives whole, so it is inflated in one call by libdeflate when the machine has it
/// (`libdeflate0`, opened at run time: 2.4 times zlib's speed on a beats window); otherwise by the
/// system zlib, whose output grows in place and whose Adler-32 is checked here with
/// `sluice_adler32` (SSSE3: zlib's byte-at-a-time check was a fifth of its inflate).
public enum ZlibInflater {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Which library inflates.
    public enum Engine: Sendable {
        case libdeflate, zlib
    }

    /// libdeflate when it could be loaded, else zlib.
    public static let defaultEngine: Engine = sluice_libdeflate_available() != 0 ? .libdeflate : .zlib

    /// - Throws: when the data is not a complete zlib stream, fails its check, or inflates past
    ///   `limit` bytes.
    public static func inflate(_ input: UnsafeRawBufferPointer, limit: Int, engine: Engine = defaultEngine) throws -> [UInt8] {
        switch engine {
        case .libdeflate: try inflateWithLibdeflate(input, limit: limit)
        case .zlib: try inflateWithZlib(input, limit: limit)
        }
    }

    /// One call into a buffer sized from the input; when the stream needs more room, a buffer
    /// twice the size (up to `limit`), inflated again from the start.
    static func inflateWithLibdeflate(_ input: UnsafeRawBufferPointer, limit: Int) throws -> [UInt8] {
        guard let base = input.baseAddress, input.count > 0 else { throw Failure(description: "truncated zlib stream") }
        // JSON log windows inflate to 5-10 times their compressed size. At least one byte, so
        // that the buffer has an address even under a zero limit.
        var room = max(1, min(limit, max(64 << 10, input.count * 12)))
        while true {
            var result: Int32 = 0
            let output = [UInt8](unsafeUninitializedCapacity: room) { buffer, count in
                var consumed = 0
                var produced = 0
                result = sluice_libdeflate_zlib_decompress(base, input.count, buffer.baseAddress!, room, &consumed, &produced)
                count = result == Int32(SLUICE_LIBDEFLATE_SUCCESS) ? produced : 0
            }
            switch result {
            case Int32(SLUICE_LIBDEFLATE_SUCCESS):
                return output
            case Int32(SLUICE_LIBDEFLATE_INSUFFICIENT_SPACE):
                if room >= limit { throw Failure(description: "compressed frame inflates past \(limit) bytes") }
                room = min(limit, room * 2)
            case Int32(SLUICE_LIBDEFLATE_UNAVAILABLE):
                return try inflateWithZlib(input, limit: limit)
            default:
                throw Failure(description: "invalid zlib stream (libdeflate result \(result))")
            }
        }
    }

    static func inflateWithZlib(_ input: UnsafeRawBufferPointer, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib initialization failed")
        }
        defer { inflateEnd(&stream) }
        // The check value is still read from the stream; it is compared below.
        _ = inflateValidate(&stream, 0)
        guard let base = input.baseAddress, input.count > 0 else { throw Failure(description: "truncated zlib stream") }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        // Beats windows inflate to about 3-6 times their compressed size; the output grows by
        // doubling (zero-filled room, inflated into in place, the unused tail dropped at the end).
        var output: [UInt8] = []
        // One byte beyond the limit may be written: that is how going past it shows.
        var room = min(limit + 1, max(4096, min(input.count * 4, 8 << 20)))
        while true {
            let produced = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            let status = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress! + produced
                stream.avail_out = uInt(room)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let written = room - Int(stream.avail_out)
            output.removeLast(Int(stream.avail_out))
            if output.count > limit { throw Failure(description: "compressed frame inflates past \(limit) bytes") }
            if status == Z_STREAM_END { break }
            guard status == Z_OK || status == Z_BUF_ERROR else { throw Failure(description: "invalid zlib stream (\(status))") }
            if stream.avail_in == 0 && written == 0 { throw Failure(description: "truncated zlib stream") }
            if stream.avail_out == 0 { room = min(limit + 1 - output.count, max(room, output.count)) }
        }
        let consumed = input.count - Int(stream.avail_in)
        guard consumed >= 6 else { throw Failure(description: "truncated zlib stream") }
        // The stream's last four bytes: its Adler-32, big-endian.
        let expected = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: consumed - 4, as: UInt32.self))
        let actual = output.withUnsafeBufferPointer { sluice_adler32(1, $0.baseAddress, $0.count) }
        guard actual == expected else { throw Failure(description: "invalid zlib stream (incorrect data check)") }
        return output
    }
}
