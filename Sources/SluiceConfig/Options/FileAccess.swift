#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Side-effect-free questions about paths that decoders ask, so that `sluice check` finds a
/// missing certificate or an unwritable output directory before `run` would.
public enum FileAccess {
    /// The working directory (`"."` if it cannot be read).
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.count
        guard getcwd(&buffer, count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against `directory` when it is relative.
    public static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory + path : directory + "/" + path)
    }

    /// Why a file cannot be read, or `nil` when it is a readable regular file.
    public static func unreadableFile(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path): \(errorText(errno))" }
        if (info.st_mode & S_IFMT) == S_IFDIR { return "\(path) is a directory" }
        guard access(path, R_OK) == 0 else { return "\(path): \(errorText(errno))" }
        return nil
    }

    /// Why a directory cannot be listed, or `nil` when it can.
    public static func unreadableDirectory(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path): \(errorText(errno))" }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(path) is not a directory" }
        guard access(path, R_OK | X_OK) == 0 else { return "\(path): \(errorText(errno))" }
        return nil
    }

    /// Why files could not be created under `directory` (which need not exist yet: its nearest
    /// existing ancestor must be a writable directory), or `nil` when they could.
    public static func uncreatableUnder(_ directory: String) -> String? {
        var path = directory.isEmpty ? "." : directory
        while true {
            var info = stat()
            if stat(path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(path) is not a directory" }
                guard access(path, W_OK | X_OK) == 0 else { return "\(path) is not writable: \(errorText(errno))" }
                return nil
            }
            guard errno == ENOENT else { return "\(path): \(errorText(errno))" }
            guard let slash = path.lastIndex(of: "/") else { path = "."; continue }
            path = slash == path.startIndex ? "/" : String(path[..<slash])
        }
    }

    /// The whole text of a small file (certificates, pattern files), or why it cannot be read.
    public static func readText(_ path: String, limit: Int = 64 << 20) -> Result<String, FileAccessError> {
        if let problem = unreadableFile(path) { return .failure(FileAccessError(description: problem)) }
        guard let file = fopen(path, "rb") else { return .failure(FileAccessError(description: "\(path): \(errorText(errno))")) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes += chunk[0..<count] }
            if count < chunk.count {
                if ferror(file) != 0 { return .failure(FileAccessError(description: "\(path): read error")) }
                break
            }
            if bytes.count > limit { return .failure(FileAccessError(description: "\(path) is larger than \(limit >> 20) MiB")) }
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// Why a file could not be read.
public struct FileAccessError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
