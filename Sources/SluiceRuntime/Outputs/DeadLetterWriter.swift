public import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// Appends events an output rejected for good to `<path.data>/dead_letter_queue/<pipeline>/<stage>.ndjson`,
/// one JSON line per event: `{"@timestamp":…,"plugin_id":…,"reason":…,"event":{…}}`.
///
/// The lines are written (and fsynced) before the batch is acknowledged, so a rejected event is
/// never lost: it is either in its destination or in this file.
public actor DeadLetterWriter {
    public nonisolated let directory: String
    private var descriptors: [String: Int32] = [:]

    public init(directory: String) {
        self.directory = directory
    }

    /// Writes the events; returns false when the file cannot be written (then the batch must not be
    /// acknowledged).
    public func write(_ events: [Event], stageID: String, reason: String, now: Timestamp) -> Bool {
        write(events.map { ($0, reason) }, stageID: stageID, now: now)
    }

    /// Writes events, each with its own reason.
    public func write(_ entries: [(event: Event, reason: String)], stageID: String, now: Timestamp) -> Bool {
        guard let fd = descriptor(for: stageID) else { return false }
        var out = ByteSink(capacity: 4096)
        for (event, reason) in entries {
            out.append(literal: "{\"@timestamp\":\"")
            now.appendISO8601(to: &out)
            out.append(literal: "\",\"plugin_id\":")
            JSONWriter.appendString(stageID, to: &out)
            out.append(literal: ",\"reason\":")
            JSONWriter.appendString(reason, to: &out)
            out.append(literal: ",\"event\":")
            event.appendJSON(to: &out)
            out.append(literal: "}\n")
        }
        let written = out.withUnsafeBytes { bytes in DeadLetterWriter.writeAll(fd, bytes) }
        return written && fsync(fd) == 0
    }

    private func descriptor(for stageID: String) -> Int32? {
        if let fd = descriptors[stageID] { return fd }
        guard FileSystem.makeDirectories(directory) else { return nil }
        let safeName = String(stageID.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        let fd = open("\(directory)/\(safeName).ndjson", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        descriptors[stageID] = fd
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    public func close() {
        for fd in descriptors.values { _ = Glibc.close(fd) }
        descriptors.removeAll()
    }
}

/// Small file-system helpers on the C library.
enum FileSystem {
    /// `mkdir -p`.
    static func makeDirectories(_ path: String) -> Bool {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
