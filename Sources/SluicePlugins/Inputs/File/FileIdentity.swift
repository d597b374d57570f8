#if canImport(Glibc)
import Glibc
#endif

/// A file as the sincedb knows it: inode and device, never the path (a rename keeps the identity).
struct FileIdentity: Hashable, Sendable {
    let inode: UInt64
    let major: UInt32
    let minor: UInt32

    init(inode: UInt64, major: UInt32, minor: UInt32) {
        self.inode = inode
        self.major = major
        self.minor = minor
    }

    init(_ info: stat) {
        let device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        // glibc's gnu_dev_major / gnu_dev_minor.
        major = UInt32(((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF)))
        minor = UInt32((device & 0xFF) | ((device >> 12) & ~UInt64(0xFF)))
    }
}
