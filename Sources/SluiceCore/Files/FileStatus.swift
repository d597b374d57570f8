#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says of a file, as plain values.
///
/// The one place plugins' file code meets `struct stat`: once a target's build includes Foundation
/// (through Yams, or AsyncHTTPClient), Swift's member import visibility ties `stat`'s members to
/// whichever C module claimed the header first (CoreFoundation, CDispatch), file by file. Here,
/// in SluiceCore, only Glibc is imported.
public struct FileStatus: Sendable, Hashable {
    public let size: Int64
    public let isDirectory: Bool
    public let isRegular: Bool
    public let device: UInt64
    public let inode: UInt64
    /// Last modification, whole seconds since the epoch.
    public let modifiedSeconds: Int64

    init(_ info: stat) {
        size = Int64(info.st_size)
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isRegular = (info.st_mode & S_IFMT) == S_IFREG
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        #if canImport(Darwin)
        modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
        #else
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        #endif
    }

    /// `stat(path)` (`lstat` when `followingLinks` is false); `nil` when it fails.
    public init?(path: String, followingLinks: Bool = true) {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        self.init(info)
    }

    /// `fstat(descriptor)`; `nil` when it fails.
    public init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The device's major number (glibc's `gnu_dev_major`).
    public var deviceMajor: UInt32 { UInt32(((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))) }
    /// The device's minor number (glibc's `gnu_dev_minor`).
    public var deviceMinor: UInt32 { UInt32((device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))) }
}
