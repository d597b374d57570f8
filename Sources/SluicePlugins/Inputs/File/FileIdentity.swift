import SluiceCore

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

    init(_ status: FileStatus) {
        inode = status.inode
        major = status.deviceMajor
        minor = status.deviceMinor
    }
}
