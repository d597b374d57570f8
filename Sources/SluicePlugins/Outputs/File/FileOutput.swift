public import SluiceConfig
public import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// `output { file { path => "data/out/choreoai-logs-%{+YYYY.MM.dd}.ndjson" } }`.
///
/// Each batch is serialized straight into one buffer per destination file (a file per day for a
/// daily path, events in arrival order), then written with one `write` per file. The write
/// returns only once the bytes are with the operating system (and fsynced with `fsync => true`),
/// so an acknowledged batch survives a crash of the process. A write error cuts the file back and
/// asks the runner to retry: nothing is reported written that was not.
public actor FileOutput: Output {
    let path: OutputPath
    let encoder: EventEncoder
    let fsyncOnWrite: Bool
    let createIfDeleted: Bool
    let overwrite: Bool
    /// Each batch's bytes for a file are appended as one gzip member (the file stays valid gzip).
    let gzip: Bool
    let failurePath: String
    let fileMode: mode_t
    let dirMode: mode_t
    let staleSeconds: Int64
    let maxOpenFiles: Int
    var files: [String: OpenFile] = [:]
    /// Rendered (unchecked) path → checked final path.
    var resolved: [String: String] = [:]
    var dayCache: (day: Int64, path: String)?
    var warnings = WarningLimiter()
    var lastCleanup: Int64 = 0

    public init(stage: CheckedStage, workingDirectory: String = FileOutput.currentDirectory()) throws {
        let options = stage.options
        path = try OutputPath(options.string("path") ?? "", workingDirectory: workingDirectory)
        encoder = try EventEncoder(options.codec() ?? CodecSetting(name: "json_lines"))
        fsyncOnWrite = options.bool("fsync") ?? false
        createIfDeleted = options.bool("create_if_deleted") ?? true
        overwrite = options.string("write_behavior") == "overwrite"
        gzip = options.bool("gzip") ?? false
        failurePath = OutputPath.normalize(path.root + "/" + (options.string("filename_failure") ?? "_filepath_failures"))
        let file = options.integer("file_mode") ?? -1
        let dir = options.integer("dir_mode") ?? -1
        fileMode = file < 0 ? 0o644 : mode_t(file)
        dirMode = dir < 0 ? 0o755 : mode_t(dir)
        staleSeconds = options.integer("stale_cleanup_interval") ?? 10
        maxOpenFiles = 256
    }

    public static func currentDirectory() -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.count
        guard buffer.withUnsafeMutableBytes({ getcwd($0.baseAddress!.assumingMemoryBound(to: CChar.self), count) }) != nil else {
            return "."
        }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
        // Every event is encoded once into one buffer; each file gets the byte ranges of its events
        // (arrival order kept, neighbours merged) and one `writev`.
        var sink = ByteSink(capacity: events.count * 320)
        var scratch = ByteSink(capacity: 256)
        var destinations: [String] = []
        var indexOf: [String: Int] = [:]
        var ranges: [[Range<Int>]] = []
        for event in events {
            let destination = destination(for: event, scratch: &scratch, context: context)
            let d: Int
            if let known = indexOf[destination] {
                d = known
            } else {
                d = destinations.count
                indexOf[destination] = d
                destinations.append(destination)
                ranges.append([])
            }
            let start = sink.count
            encoder.encode(event, into: &sink)
            let range = start..<sink.count
            if overwrite {
                ranges[d] = [range]  // only the last event of the batch is kept
            } else if let last = ranges[d].last, last.upperBound == start {
                ranges[d][ranges[d].count - 1] = last.lowerBound..<range.upperBound
            } else {
                ranges[d].append(range)
            }
        }
        let now = Timestamp.now().epochSeconds
        for (d, destination) in destinations.enumerated() {
            guard var file = openFile(destination, now: now) else {
                return .retry("cannot open \(destination): \(String(cString: strerror(errno)))")
            }
            if overwrite { _ = ftruncate(file.descriptor, 0) }
            let failure: Int32?
            if gzip {
                // Gather this file's bytes, compress them into one member, write it whole.
                var plain: [UInt8] = []
                sink.withUnsafeBytes { bytes in for range in ranges[d] { plain.append(contentsOf: bytes[range]) } }
                guard let member = try? plain.withUnsafeBytes({ try Gzip.member($0) }) else {
                    return .retry("cannot compress for \(destination)")
                }
                failure = member.withUnsafeBytes { file.write($0, ranges: [0..<member.count]) }
            } else {
                failure = sink.withUnsafeBytes { file.write($0, ranges: ranges[d]) }
            }
            if let failure {
                // Reopen next time (the file may be on a full or failing disk).
                file.close()
                files[destination] = nil
                return .retry("cannot write \(destination): \(String(cString: strerror(failure)))")
            }
            if fsyncOnWrite && fsync(file.descriptor) != 0 {
                return .retry("cannot fsync \(destination): \(String(cString: strerror(errno)))")
            }
            file.lastWrite = now
            files[destination] = file
        }
        closeStaleFiles(now: now)
        return .written
    }

    /// The checked final path of an event (the failure file when the rendered path escapes the root).
    private func destination(for event: Event, scratch: inout ByteSink, context: StageContext) -> String {
        if path.dailyOnly, let timestamp = event.timestamp {
            let day = timestamp.epochSeconds >= 0 ? timestamp.epochSeconds / 86_400 : (timestamp.epochSeconds - 86_399) / 86_400
            if let cached = dayCache, cached.day == day { return cached.path }
            let final = check(path.template.render(event), context: context)
            dayCache = (day, final)
            return final
        }
        scratch.removeAll()
        path.template.render(event, into: &scratch)
        return check(scratch.string, context: context)
    }

    private func check(_ rendered: String, context: StageContext) -> String {
        if let known = resolved[rendered] { return known }
        let normalized = OutputPath.normalize(rendered)
        let final: String
        if path.isInsideRoot(normalized) {
            final = normalized
        } else {
            final = failurePath
            warnings.warn(
                context.log, "the event tried to write outside the files root", ["path": rendered, "root": path.root],
                now: .now())
        }
        if resolved.count > 10_000 { resolved.removeAll() }
        resolved[rendered] = final
        return final
    }

    private func openFile(_ destination: String, now: Int64) -> OpenFile? {
        if let file = files[destination] {
            if file.isStillAtPath() || !createIfDeleted { return file }
            file.close()  // deleted or rotated away: recreate
            files[destination] = nil
        }
        if files.count >= maxOpenFiles, let oldest = files.min(by: { $0.value.lastWrite < $1.value.lastWrite }) {
            oldest.value.close()
            files[oldest.key] = nil
        }
        guard let file = OpenFile.open(destination, fileMode: fileMode, dirMode: dirMode, repairPartialLine: !gzip) else {
            return nil
        }
        files[destination] = file
        return file
    }

    private func closeStaleFiles(now: Int64) {
        guard now - lastCleanup >= staleSeconds else { return }
        lastCleanup = now
        for (name, file) in files where now - file.lastWrite >= staleSeconds {
            file.close()
            files[name] = nil
        }
    }

    public func close() async {
        for file in files.values {
            if fsyncOnWrite { _ = fsync(file.descriptor) }
            file.close()
        }
        files.removeAll()
    }
}
