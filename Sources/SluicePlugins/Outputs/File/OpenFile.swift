import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// One open output file: its descriptor, identity (to notice deletion or rotation) and the bytes
/// of the current batch waiting to be written.
struct OpenFile {
    let path: String
    var descriptor: Int32
    var device: UInt64
    var inode: UInt64
    var lastWrite: Int64

    /// Opens for appending, creating directories and the file with the given modes; repairs a partial
    /// last line (left by a crash) by starting a new line.
    static func open(_ path: String, fileMode: mode_t, dirMode: mode_t, repairPartialLine: Bool = true) -> OpenFile? {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !directory.isEmpty { _ = makeDirectories(directory, mode: dirMode) }
        // Read-write, so a partial last line can be seen (pread) and repaired.
        var fd = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, fileMode)
        if fd < 0 && errno == EACCES { fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, fileMode) }
        guard fd >= 0 else { return nil }
        guard let info = FileStatus(descriptor: fd) else {
            Glibc.close(fd)
            return nil
        }
        if repairPartialLine && info.size > 0 && info.isRegular {
            var last: UInt8 = 0
            if pread(fd, &last, 1, off_t(info.size - 1)) == 1 && last != UInt8(ascii: "\n") {
                var newline = UInt8(ascii: "\n")
                _ = Glibc.write(fd, &newline, 1)
            }
        }
        return OpenFile(path: path, descriptor: fd, device: info.device, inode: info.inode, lastWrite: 0)
    }

    /// Whether the path still names this file (not deleted, not replaced by a rotation).
    func isStillAtPath() -> Bool {
        guard let info = FileStatus(path: path) else { return false }
        return info.device == device && info.inode == inode
    }

    /// Writes the given ranges of `bytes`, in order, with `writev`; on failure the file is cut back
    /// to where it was, so a retry cannot duplicate a half-written batch.
    /// - Returns: `nil`, or the `errno` of the failure.
    func write(_ bytes: UnsafeRawBufferPointer, ranges: [Range<Int>]) -> Int32? {
        let before = FileStatus(descriptor: descriptor).map { off_t($0.size) } ?? -1
        guard let base = bytes.baseAddress else { return nil }
        var vectors = ranges.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: base + $0.lowerBound), iov_len: $0.count) }
        var first = 0
        while first < vectors.count {
            let count = min(vectors.count - first, 1024  /* IOV_MAX on Linux */)
            let n = vectors.withUnsafeMutableBufferPointer { writev(descriptor, $0.baseAddress! + first, Int32(count)) }
            if n < 0 {
                if errno == EINTR { continue }
                let failure = errno
                if before >= 0 { _ = ftruncate(descriptor, before) }
                return failure
            }
            // Skip what was written; a partially written vector keeps its tail.
            var written = n
            while written > 0 && first < vectors.count {
                let length = vectors[first].iov_len
                if written >= length {
                    written -= length
                    first += 1
                } else {
                    vectors[first].iov_base = vectors[first].iov_base! + written
                    vectors[first].iov_len = length - written
                    written = 0
                }
            }
        }
        return nil
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    static func makeDirectories(_ path: String, mode: mode_t) -> Bool {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
