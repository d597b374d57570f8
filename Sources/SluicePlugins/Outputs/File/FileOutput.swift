public import SluiceConfig
public import SluiceCore
import Synchronization
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
///
/// Workers encode their batches in parallel, each on its own task; the writes and the table of
/// open files take turns (`WriteTurn`), still on the worker's task.
public final class FileOutput: Output, @unchecked Sendable {  // mutable state only under `turn`
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
    /// Held for every use of the mutable state below (writes, opening and closing files).
    let turn = WriteTurn()
    var files: [String: OpenFile] = [:]
    /// Rendered (unchecked) path → checked final path.
    var resolved: [String: String] = [:]
    var warnings = WarningLimiter()
    var lastCleanup: Int64 = 0
    /// Bytes per encoded event in the last batch, with some slack: the next batch's buffer size.
    let bytesPerEvent = Atomic<Int>(320)

    public init(options: FileOutputOptions) {
        path = options.path
        encoder = options.encoder
        fsyncOnWrite = options.fsyncOnWrite
        createIfDeleted = options.createIfDeleted
        overwrite = options.overwrite
        gzip = options.gzip
        failurePath = options.failurePath
        fileMode = options.fileMode
        dirMode = options.dirMode
        staleSeconds = options.staleSeconds
        maxOpenFiles = 256
    }

    /// Encodes on the caller's task (each pipeline worker encodes its own batches, in parallel),
    /// then writes when it has the turn.
    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
        let batch = encode(events)
        return await turn.withTurn { write(batch, context: context) }
    }

    /// A batch serialized: one buffer, and for each rendered (not yet checked) path the byte ranges
    /// of its events in arrival order, neighbours merged.
    final class EncodedBatch {
        let bytes: ByteSink
        let paths: [String]
        let ranges: [[Range<Int>]]

        init(bytes: consuming ByteSink, paths: [String], ranges: [[Range<Int>]]) {
            self.bytes = bytes
            self.paths = paths
            self.ranges = ranges
        }
    }

    func encode(_ events: [Event]) -> EncodedBatch {
        // Sized from the batches before, so that the buffer is not grown (and copied) midway.
        var bytes = ByteSink(capacity: events.count * bytesPerEvent.load(ordering: .relaxed) + 1024)
        var paths: [String] = []
        var ranges: [[Range<Int>]] = []
        var scratch = ByteSink(capacity: 256)
        var indexOf: [String: Int] = [:]
        var day: (number: Int64, index: Int)?
        var timestamps = ISO8601Prefix()
        // The buffer and its bookkeeping are locals: as properties of the batch object, each
        // event's write was a dynamic exclusivity check.
        events.withUnsafeBufferPointer { events in
            for i in events.indices {
                let d: Int
                if path.dailyOnly, let timestamp = events[i].timestamp {
                    // A daily path is rendered once per day seen in the batch.
                    let number = timestamp.epochDay
                    if let day, day.number == number {
                        d = day.index
                    } else {
                        d = FileOutput.group(path.template.render(events[i]), paths: &paths, ranges: &ranges, indexOf: &indexOf)
                        day = (number, d)
                    }
                } else {
                    scratch.removeAll()
                    path.template.render(events[i], into: &scratch)
                    d = FileOutput.group(scratch.string, paths: &paths, ranges: &ranges, indexOf: &indexOf)
                }
                let start = bytes.count
                encoder.encode(at: events.baseAddress! + i, into: &bytes, timestamps: &timestamps)
                let range = start..<bytes.count
                if overwrite {
                    ranges[d] = [range]  // only the last event of the batch is kept
                } else if let last = ranges[d].last, last.upperBound == start {
                    ranges[d][ranges[d].count - 1] = last.lowerBound..<range.upperBound
                } else {
                    ranges[d].append(range)
                }
            }
        }
        if !events.isEmpty { bytesPerEvent.store(bytes.count / events.count + 16, ordering: .relaxed) }
        return EncodedBatch(bytes: bytes, paths: paths, ranges: ranges)
    }

    private static func group(_ rendered: String, paths: inout [String], ranges: inout [[Range<Int>]], indexOf: inout [String: Int]) -> Int {
        if let known = indexOf[rendered] { return known }
        indexOf[rendered] = paths.count
        paths.append(rendered)
        ranges.append([])
        return paths.count - 1
    }

    /// Holding the turn.
    func write(_ batch: EncodedBatch, context: StageContext) -> WriteOutcome {
        // Rendered paths are checked here (the failure file for escapes, with a rate-limited
        // warning); two rendered paths may name one file, whose ranges then merge in order.
        var destinations: [String] = []
        var ranges: [[Range<Int>]] = []
        var indexOf: [String: Int] = [:]
        for (g, rendered) in batch.paths.enumerated() {
            let destination = check(rendered, context: context)
            if let d = indexOf[destination] {
                let merged = (ranges[d] + batch.ranges[g]).sorted { $0.lowerBound < $1.lowerBound }
                ranges[d] = overwrite ? Array(merged.suffix(1)) : merged
            } else {
                indexOf[destination] = destinations.count
                destinations.append(destination)
                ranges.append(batch.ranges[g])
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
                batch.bytes.withUnsafeBytes { bytes in for range in ranges[d] { plain.append(contentsOf: bytes[range]) } }
                guard let member = try? plain.withUnsafeBytes({ try Gzip.member($0) }) else {
                    return .retry("cannot compress for \(destination)")
                }
                failure = member.withUnsafeBytes { file.write($0, ranges: [0..<member.count]) }
            } else {
                failure = batch.bytes.withUnsafeBytes { file.write($0, ranges: ranges[d]) }
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
        await turn.withTurn {
            for file in files.values {
                if fsyncOnWrite { _ = fsync(file.descriptor) }
                file.close()
            }
            files.removeAll()
        }
    }
}
