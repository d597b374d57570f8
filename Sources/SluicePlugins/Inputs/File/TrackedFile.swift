import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// One file the input reads: where it is, how far it has been read, its unfinished last line.
struct TrackedFile {
    var path: String
    let identity: FileIdentity
    var descriptor: Int32
    /// Bytes read so far (the next read starts here); the unfinished line is part of it.
    var readOffset: Int64
    var decoder: LineDecoder
    var lastData: Double
    var completed = false

    /// The position after the last complete line: what a batch may acknowledge.
    var lineOffset: Int64 { readOffset - Int64(decoder.pendingCount) }

    static func open(
        _ path: String, codec: String, delimiter: UInt8, maxLineBytes: Int, from offset: Int64, now: Double
    ) -> TrackedFile? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let info = FileStatus(descriptor: fd) else {
            Glibc.close(fd)
            return nil
        }
        return TrackedFile(
            path: path, identity: FileIdentity(info), descriptor: fd, readOffset: offset,
            decoder: LineDecoder(
                format: codec == "json" || codec == "json_lines" ? .jsonLines : .line, delimiter: delimiter,
                maxLineBytes: maxLineBytes),
            lastData: now)
    }

    /// The file's current size, or `nil` when it cannot be read.
    func size() -> Int64? {
        FileStatus(descriptor: descriptor)?.size
    }

    /// Reads up to `maximum` bytes at the read offset into `buffer`; 0 at end of file.
    mutating func read(into buffer: inout [UInt8], maximum: Int) -> Int {
        let n = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, maximum, off_t(readOffset)) }
        if n > 0 { readOffset += Int64(n) }
        return max(n, 0)
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }
}
