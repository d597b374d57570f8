import Foundation
import SluiceConfig
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// The file input's state while it runs.
struct FileReader {
    let settings: FileInput.Settings
    let decoration: InputDecoration
    let context: StageContext
    let acks = AcknowledgedOffsets()
    let hostName: String
    var sincedb: Sincedb
    var files: [FileIdentity: TrackedFile] = [:]
    var pathOwners: [String: FileIdentity] = [:]
    var warnedAboutOpenFiles = false
    /// The last path each file was seen at (for the sincedb's path column).
    var knownPaths: [FileIdentity: String] = [:]
    var lastSincedbWrite = Date().timeIntervalSince1970
    /// The acknowledged positions the sincedb last recorded (an unchanged state is not written again).
    var lastSavedPositions: [FileIdentity: Int64] = [:]
    var buffer: [UInt8]

    init(settings: FileInput.Settings, decoration: InputDecoration, context: StageContext) {
        self.settings = settings
        self.decoration = decoration
        self.context = context
        let path = settings.sincedbPath ?? FileReader.defaultSincedbPath(settings.patterns, dataPath: context.dataPath)
        sincedb = Sincedb.load(path)
        sincedb.clean(olderThan: settings.sincedbCleanAfter, now: Date().timeIntervalSince1970)
        buffer = [UInt8](repeating: 0, count: settings.chunkSize)
        var name = [UInt8](repeating: 0, count: 256)
        _ = name.withUnsafeMutableBytes { gethostname($0.baseAddress!.assumingMemoryBound(to: CChar.self), 255) }
        hostName = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// `<path.data>/plugins/inputs/file/.sincedb_<hash of the patterns>`, as Logstash places it.
    static func defaultSincedbPath(_ patterns: [String], dataPath: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in patterns.joined(separator: ",").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "\(dataPath)/plugins/inputs/file/.sincedb_\(String(hash, radix: 16))"
    }

    /// The files the patterns match now, without excluded or too-old ones, in read order.
    func discover() -> [String] {
        var seen = Set<String>()
        var paths: [(String, Double)] = []
        let now = Date().timeIntervalSince1970
        for pattern in settings.patterns {
            for path in FileGlob.expand(pattern) where !seen.contains(path) && !FileGlob.excluded(path, by: settings.excludes) {
                seen.insert(path)
                guard let info = FileStatus(path: path), info.isRegular else { continue }
                let modified = Double(info.modifiedSeconds)
                if let ignoreOlder = settings.ignoreOlder, now - modified > ignoreOlder { continue }
                paths.append((path, modified))
            }
        }
        paths.sort { settings.sortByPath ? $0.0 < $1.0 : $0.1 < $1.1 }
        if settings.sortDescending { paths.reverse() }
        return paths.map(\.0)
    }

    // MARK: - Read mode

    mutating func runReadMode(sink: any EventSink) async throws {
        var done = Set<FileIdentity>()
        while true {
            for path in discover() {
                try Task.checkCancellation()
                guard var file = open(path, startAtEnd: false), !done.contains(file.identity) else { continue }
                if path.hasSuffix(".gz") || path.hasSuffix(".gzip") {
                    if sincedb.entries[file.identity] != nil || (acks.committed(file.identity) ?? 0) > 0 {
                        file.close()  // read completely in an earlier run (gzip files are all or nothing)
                        done.insert(file.identity)
                        continue
                    }
                    do {
                        try await readGzip(&file, sink: sink)
                    } catch is Gzip.Failure {
                        context.log.error("not a valid gzip file; left untouched", ["path": path])
                        file.close()
                        done.insert(file.identity)
                        continue
                    }
                    file.close()
                    done.insert(file.identity)
                    guard await acks.waitUntilSettled() else { throw CancellationError() }
                    completed(file)
                    saveSincedb()
                    continue
                }
                if let size = file.size(), file.readOffset >= size, sincedb.entries[file.identity] != nil {
                    file.close()  // read completely in an earlier run
                    done.insert(file.identity)
                    continue
                }
                try await readAvailable(&file, sink: sink, atEnd: true)
                file.close()
                done.insert(file.identity)
                // The completed action (maybe a delete) waits until every event of the file is written.
                guard await acks.waitUntilSettled() else { throw CancellationError() }
                completed(file)
                saveSincedb()
            }
            if settings.exitAfterRead { return }
            try await Task.sleep(for: .seconds(settings.statInterval * Double(max(1, settings.discoverEvery))))
        }
    }

    /// Sets the file's lag gauge: its size beyond the acknowledged position.
    func reportLag(of file: TrackedFile, size: Int64) {
        let acknowledged = acks.committed(file.identity) ?? file.readOffset
        context.metrics.set(FileInputMetric.lagBytes.rawValue, Int(max(0, size - acknowledged)), labels: ["path": file.path])
    }

    /// Removes the file's lag gauge (the file is done or let go).
    func clearLag(of file: TrackedFile) {
        context.metrics.removeGauge(FileInputMetric.lagBytes.rawValue, labels: ["path": file.path])
    }

    /// Read mode's `file_completed_action`, once every event of the file is acknowledged.
    func completed(_ file: TrackedFile) {
        clearLag(of: file)  // nothing left behind
        let action = settings.completedAction
        if action.hasPrefix("log") && settings.completedLogPath == nil {
            context.log.info("file read completely", ["path": file.path, "stage": context.stageID])
        }
        if action.hasPrefix("log"), let log = settings.completedLogPath {
            if let handle = FileHandle(forWritingAtPath: log) ?? {
                _ = FileManager.default.createFile(atPath: log, contents: nil)
                return FileHandle(forWritingAtPath: log)
            }() {
                handle.seekToEndOfFile()
                handle.write(Data((file.path + "\n").utf8))
                try? handle.close()
            }
        }
        if action == "delete" || action == "log_and_delete" { unlink(file.path) }
    }

    // MARK: - Tail mode

    mutating func runTailMode(sink: any EventSink) async throws {
        var loops = 0
        var firstDiscovery = true
        while true {
            if loops % max(1, settings.discoverEvery) == 0 {
                for path in discover() {
                    if let owner = pathOwners[path], let file = files[owner] {
                        // Rotation: the path now names another file; finish the old one first.
                        if let info = FileStatus(path: path), FileIdentity(info) != file.identity {
                            var old = file
                            try await readAvailable(&old, sink: sink, atEnd: false)
                            old.close()
                            letGo(old)
                        } else {
                            continue
                        }
                    }
                    guard openCount < settings.maxOpenFiles else {
                        if !warnedAboutOpenFiles {
                            context.log.warning(
                                "max_open_files reached: more files wait until close_older closes idle ones",
                                ["max_open_files": "\(settings.maxOpenFiles)", "stage": context.stageID])
                            warnedAboutOpenFiles = true
                        }
                        continue
                    }
                    guard let file = open(path, startAtEnd: firstDiscovery && !settings.startAtBeginning) else { continue }
                    if files[file.identity] != nil {
                        file.close()
                        continue
                    }
                    files[file.identity] = file
                    pathOwners[path] = file.identity
                }
                firstDiscovery = false
            }
            let now = Date().timeIntervalSince1970
            for identity in Array(files.keys) {
                guard var file = files[identity] else { continue }
                if file.descriptor < 0 {
                    // Closed by close_older: reopened when it grows, let go when it is gone.
                    switch reopenIfGrown(&file) {
                    case .gone:
                        letGo(file)
                        continue
                    case .idle:
                        continue
                    case .reopened:
                        break
                    }
                }
                if let size = file.size() {
                    if size < file.readOffset {
                        context.log.warning("file truncated: reading it again from the start", ["path": file.path])
                        file.readOffset = 0
                        file.decoder.reset()
                        acks.track(file.identity, from: 0)
                    }
                    if size > file.readOffset {
                        try await readAvailable(&file, sink: sink, atEnd: false)
                        file.lastData = now
                    }
                    reportLag(of: file, size: size)
                }
                if now - file.lastData >= settings.closeOlder && acks.isSettled(identity) {
                    // Idle: its descriptor goes back (the position stays; max_open_files counts open ones).
                    file.close()
                    file.descriptor = -1
                }
                files[identity] = file
            }
            saveSincedbIfDue()
            loops += 1
            try await Task.sleep(for: .seconds(settings.statInterval))
        }
    }

    /// Files with an open descriptor (files closed by `close_older` do not count).
    var openCount: Int { files.values.reduce(0) { $0 + ($1.descriptor >= 0 ? 1 : 0) } }

    enum Reopening { case gone, idle, reopened }

    /// A file closed by `close_older`: open again when its path still names it and it has new
    /// bytes (and `max_open_files` allows), gone when the path is deleted or names another file.
    mutating func reopenIfGrown(_ file: inout TrackedFile) -> Reopening {
        guard let info = FileStatus(path: file.path), FileIdentity(info) == file.identity else { return .gone }
        guard info.size != file.readOffset, openCount < settings.maxOpenFiles else { return .idle }
        let fd = Glibc.open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .idle }
        guard let opened = FileStatus(descriptor: fd), FileIdentity(opened) == file.identity else {
            Glibc.close(fd)
            return .gone
        }
        file.descriptor = fd
        file.lastData = Date().timeIntervalSince1970
        return .reopened
    }

    /// Stops following a file (deleted, rotated away, or replaced at its path while closed).
    mutating func letGo(_ file: TrackedFile) {
        files[file.identity] = nil
        if pathOwners[file.path] == file.identity { pathOwners[file.path] = nil }
        clearLag(of: file)
    }

    // MARK: - Reading

    /// Opens a file at its sincedb position (or its end / start for a new file).
    mutating func open(_ path: String, startAtEnd: Bool) -> TrackedFile? {
        guard
            var file = TrackedFile.open(
                path, codec: settings.codec, delimiter: settings.delimiter, maxLineBytes: settings.maxLineBytes, from: 0,
                now: Date().timeIntervalSince1970)
        else { return nil }
        if let known = acks.committed(file.identity) ?? sincedb.entries[file.identity]?.offset {
            file.readOffset = known
        } else if startAtEnd, let size = file.size() {
            file.readOffset = size
        }
        if let size = file.size(), file.readOffset > size { file.readOffset = 0 }  // truncated while we were away
        acks.track(file.identity, from: file.readOffset)
        knownPaths[file.identity] = path
        return file
    }

    /// Reads what the file has now, sending batches of up to `batchSize` lines; each batch
    /// acknowledges the offset after its last complete line. At the end of a read-mode file the
    /// unfinished last line is an event too.
    mutating func readAvailable(_ file: inout TrackedFile, sink: any EventSink, atEnd: Bool) async throws {
        var block = LineBlock()
        var bytes = 0
        while true {
            // A stop request ends reading here: what was sent is acknowledged and recorded, the
            // lines read but not sent are read again by the next run.
            try Task.checkCancellation()
            let n = file.read(into: &buffer, maximum: settings.chunkSize)
            if n == 0 { break }
            buffer.withUnsafeBytes { file.decoder.split(UnsafeRawBufferPointer(rebasing: $0[0..<n]), into: &block) }
            bytes += n
            if block.count >= context.batchSize {
                try await send(&block, file: file, end: file.lineOffset, bytes: bytes, sink: sink)
                bytes = 0
                // Mid-file too: after a kill -9, what is read again is bounded by this interval
                // (plus what was in flight), not by the size of the file.
                saveSincedbIfDue()
            }
        }
        if atEnd {
            file.decoder.finish(into: &block)
        }
        try await send(&block, file: file, end: atEnd ? file.readOffset : file.lineOffset, bytes: bytes, sink: sink)
    }

    /// A gzip file, decompressed as it is read, all or nothing: every batch but the last records no
    /// progress, the last records the compressed size (a crash means reading it all again).
    mutating func readGzip(_ file: inout TrackedFile, sink: any EventSink) async throws {
        let inflater = try Gzip.StreamReader()
        var block = LineBlock()
        var plain: [UInt8] = []
        let start = file.readOffset
        while true {
            try Task.checkCancellation()
            let n = file.read(into: &buffer, maximum: settings.chunkSize)
            if n == 0 { break }
            plain.removeAll(keepingCapacity: true)
            try buffer.withUnsafeBytes { try inflater.inflate(UnsafeRawBufferPointer(rebasing: $0[0..<n]), into: &plain) }
            plain.withUnsafeBytes { file.decoder.split($0, into: &block) }
            if block.count >= context.batchSize {
                try await send(&block, file: file, end: start, bytes: n, sink: sink)
            }
        }
        guard inflater.finished else { throw Gzip.Failure(description: "truncated gzip file") }
        file.decoder.finish(into: &block)
        try await send(&block, file: file, end: file.readOffset, bytes: 0, sink: sink, force: true)
    }

    /// Hands the lines of `block` to the pipeline as one batch acknowledging `end`. Plain lines
    /// become events on the worker that takes the batch (`PendingEvents`); JSON lines are parsed
    /// here, with the file's decoder and its string cache.
    mutating func send(
        _ block: inout LineBlock, file: TrackedFile, end: Int64, bytes: Int, sink: any EventSink, force: Bool = false
    ) async throws {
        if block.isEmpty && force {
            // Nothing to send, but the position must still be recorded.
            let id = acks.begin(file.identity, end: end)
            acks.complete(file.identity, id)
            return
        }
        guard !block.isEmpty else { return }
        let fields = FileEventFields(path: file.path, host: hostName, ecs: settings.ecs, decoration: decoration)
        let identity = file.identity
        let id = acks.begin(identity, end: end)
        if let size = file.size() { reportLag(of: file, size: size) }
        let acks = self.acks
        let completion = BatchCompletion { acks.complete(identity, id) }
        let batch: EventBatch
        if file.decoder.format == .line {
            let lines = block
            batch = EventBatch(
                pending: PendingEvents(count: lines.count) { fields.events(fromLines: lines, now: .now()) },
                completion: completion, byteCount: bytes)
        } else {
            var events: [Event] = []
            block.appendEvents(format: file.decoder.format, now: .now(), reader: file.decoder.reader, into: &events)
            fields.apply(to: &events)
            batch = EventBatch(events: events, completion: completion, byteCount: bytes)
        }
        block.removeAll()
        do {
            try await sink.send(batch)
        } catch {
            // Refused at shutdown: its events were not taken and must not be waited for.
            acks.abandon(identity, id)
            throw error
        }
    }

    // MARK: - Positions

    /// Saves the positions when `sincedb_write_interval` has passed since the last save and an
    /// acknowledged position moved since.
    mutating func saveSincedbIfDue() {
        let now = Date().timeIntervalSince1970
        guard now - lastSincedbWrite >= settings.sincedbWriteInterval else { return }
        guard acks.committed != lastSavedPositions else {
            lastSincedbWrite = now
            return
        }
        saveSincedb()
    }

    mutating func saveSincedb() {
        let now = Date().timeIntervalSince1970
        let committed = acks.committed
        lastSavedPositions = committed
        for (identity, offset) in committed {
            let path = knownPaths[identity] ?? sincedb.entries[identity]?.path ?? ""
            let previous = sincedb.entries[identity]
            sincedb.entries[identity] = Sincedb.Entry(
                offset: offset, lastActivity: previous?.offset == offset ? previous!.lastActivity : now, path: path)
        }
        if !sincedb.save() {
            context.log.error("cannot write the sincedb", ["path": sincedb.path])
        }
        lastSincedbWrite = now
    }

    /// Waits (a little) for outstanding acknowledgements, records the positions, closes files.
    mutating func finish(waitForAcknowledgements: Bool) async {
        if waitForAcknowledgements {
            // At shutdown the pipeline still drains what it took: wait for those acknowledgements (in a
            // task that the shutdown's cancellation does not reach, bounded), so that a clean restart
            // reads nothing twice.
            let acks = self.acks
            let forced = context.forcedStop
            let settled = Task { await acks.waitUntilSettled() }
            let watchdog = Task {
                let deadline = ContinuousClock.now + .seconds(30)
                while !forced.isSet && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                settled.cancel()
            }
            _ = await settled.value
            watchdog.cancel()
        }
        saveSincedb()
        for file in files.values { file.close() }
        files.removeAll()
    }
}
