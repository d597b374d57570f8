import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The positions read and acknowledged, per file, in Logstash's sincedb format:
/// `<inode> <major> <minor> <offset> <last activity (epoch seconds)> <path>`.
/// Written atomically (a temporary file, then rename), so a crash leaves the old or the new one.
struct Sincedb {
    struct Entry: Sendable {
        var offset: Int64
        var lastActivity: Double
        var path: String
    }

    let path: String
    var entries: [FileIdentity: Entry] = [:]

    init(path: String) {
        self.path = path
    }

    /// Reads the file (v2 lines, and v1 lines without activity and path); a missing file is empty.
    static func load(_ path: String) -> Sincedb {
        var sincedb = Sincedb(path: path)
        guard path != "/dev/null", let text = try? String(contentsOfFile: path, encoding: .utf8) else { return sincedb }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 4, let inode = UInt64(fields[0]), let major = UInt32(fields[1]),
                let minor = UInt32(fields[2]), let offset = Int64(fields[3])
            else { continue }
            let activity = fields.count > 4 ? Double(fields[4]) ?? 0 : 0
            let file = fields.count > 5 ? String(fields[5]) : ""
            sincedb.entries[FileIdentity(inode: inode, major: major, minor: minor)] = Entry(
                offset: offset, lastActivity: activity, path: file)
        }
        return sincedb
    }

    /// Drops entries not touched for `seconds`.
    mutating func clean(olderThan seconds: Double, now: Double) {
        entries = entries.filter { now - $0.value.lastActivity <= seconds }
    }

    /// Writes every entry to a temporary file beside the sincedb, then renames it over.
    func save() -> Bool {
        guard path != "/dev/null" else { return true }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var text = ""
        for (identity, entry) in entries.sorted(by: { $0.key.inode < $1.key.inode }) {
            text += "\(identity.inode) \(identity.major) \(identity.minor) \(entry.offset) \(String(format: "%.3f", entry.lastActivity)) \(entry.path)\n"
        }
        let temporary = path + ".tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return false }
        let fd = open(temporary, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        return rename(temporary, path) == 0
    }
}
