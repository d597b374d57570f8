public import SluiceCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a byte stream into lines and lines into events: the `line`/`plain` codec (one event per
/// line, the line in `message`) or `json_lines`/`json` (one JSON object per line; a line that is
/// not JSON becomes an event with the raw line in `message` and the tag `_jsonparsefailure`).
///
/// Keeps the unfinished last line between chunks; `finish()` emits it at end of input.
public struct LineDecoder {
    public enum Format: Sendable {
        case line
        case jsonLines
    }

    public let format: Format
    let delimiter: UInt8
    /// The longest line kept whole; a longer one is cut to this size and tagged `_linetoolong`, so a
    /// file without newlines never makes memory grow without bound.
    let maxLineBytes: Int
    var pending: [UInt8] = []
    /// True while skipping the rest of a line already emitted cut.
    var skippingLongLine = false
    /// Scratch for `split`: where the lines of the current run end.
    var runEnds: [Int] = []
    /// Made only for JSON lines (its string cache is ~200 KiB at the default size). A decoder made
    /// with a small cache gets a full-size one once it has decoded `busyLines` lines: a thousand
    /// quiet connections stay small, a busy one gets the cache's hits.
    private(set) var reader: JSONReader?
    private var smallCache: Bool
    private var linesDecoded = 0
    static let busyLines = 4_096

    public static let defaultMaxLineBytes = 10 << 20

    /// - Parameter cacheSlots: the JSON reader's string cache (a decoder per connection takes a
    ///   small one: a thousand connections must not hold a thousand large caches).
    public init(
        format: Format, delimiter: UInt8 = UInt8(ascii: "\n"), maxLineBytes: Int = LineDecoder.defaultMaxLineBytes, cacheSlots: Int = JSONReader.defaultCacheSlots
    ) {
        self.format = format
        reader = format == .jsonLines ? JSONReader(cacheSlots: cacheSlots) : nil
        smallCache = cacheSlots < JSONReader.defaultCacheSlots
        self.delimiter = delimiter
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// The codec a `codec` setting names (`json`, `json_lines` → JSON; anything else → lines).
    public init(codecName: String) {
        self.init(format: codecName == "json" || codecName == "json_lines" ? .jsonLines : .line)
    }

    /// Bytes of an unfinished last line held back (not yet an event).
    public var pendingCount: Int { pending.count }

    /// Forgets an unfinished line (a truncated file starts over).
    public mutating func reset() { pending.removeAll() }

    /// Decodes a chunk, appending complete lines' events to `events`.
    public mutating func decode(_ chunk: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event]) {
        var block = LineBlock()
        split(chunk, into: &block)
        if smallCache, format == .jsonLines {
            linesDecoded += block.count
            if linesDecoded >= Self.busyLines {
                reader = JSONReader()
                smallCache = false
            }
        }
        block.appendEvents(format: format, now: now, reader: reader, into: &events)
    }

    /// Emits the last line when the input ended without a delimiter.
    public mutating func finish(now: Timestamp, into events: inout [Event]) {
        var block = LineBlock()
        finish(into: &block)
        block.appendEvents(format: format, now: now, reader: reader, into: &events)
    }

    /// Splits a chunk into lines, appending the complete ones to `block` (their events are made
    /// later, by `LineBlock.appendEvents`); an unfinished last line is kept for the next chunk.
    ///
    /// Delimiters are found with `memchr`, and a run of whole lines is copied into the block in one
    /// piece: no per-byte loop and no per-line copy.
    public mutating func split(_ chunk: UnsafeRawBufferPointer, into block: inout LineBlock) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let count = chunk.count
        var start = 0
        // Lines found but not yet copied: chunk[runStart...] up to the last one's delimiter.
        var runStart = 0
        runEnds.removeAll(keepingCapacity: true)
        while start < count, let found = memchr(base + start, Int32(delimiter), count - start) {
            let i = base.distance(to: UnsafeRawPointer(found))
            if skippingLongLine {
                skippingLongLine = false
            } else if !pending.isEmpty {
                // Only the first line of a chunk can have a beginning in the previous one.
                if pending.count + (i - start) > maxLineBytes {
                    pending.append(contentsOf: chunk[start..<(start + maxLineBytes - pending.count)])
                    pending.withUnsafeBytes { block.append($0, cut: true) }
                } else {
                    pending.append(contentsOf: chunk[start..<i])
                    pending.withUnsafeBytes { block.append($0) }
                }
                pending.removeAll(keepingCapacity: true)
            } else if i - start > maxLineBytes {
                appendRun(of: chunk, from: runStart, into: &block)
                block.append(UnsafeRawBufferPointer(rebasing: chunk[start..<(start + maxLineBytes)]), cut: true)
            } else {
                if runEnds.isEmpty { runStart = start }
                runEnds.append(i - runStart)
            }
            start = i + 1
        }
        appendRun(of: chunk, from: runStart, into: &block)
        guard start < count, !skippingLongLine else { return }
        pending.append(contentsOf: chunk[start..<min(count, start + max(0, maxLineBytes - pending.count + 1))])
        if pending.count > maxLineBytes {
            // The line is already too long: emit what fits, tagged, and skip the rest of it.
            pending.withUnsafeBytes { block.append(UnsafeRawBufferPointer(rebasing: $0[0..<maxLineBytes]), cut: true) }
            pending.removeAll()
            skippingLongLine = true
        }
    }

    /// Copies the run of lines found so far (`runEnds`, relative to `runStart`) into `block`.
    private mutating func appendRun(of chunk: UnsafeRawBufferPointer, from runStart: Int, into block: inout LineBlock) {
        guard let last = runEnds.last else { return }
        runEnds.withUnsafeBufferPointer { ends in
            block.appendRun(UnsafeRawBufferPointer(rebasing: chunk[runStart...(runStart + last)]), lineEnds: ends)
        }
        runEnds.removeAll(keepingCapacity: true)
    }

    /// Hands on the last line when the input ended without a delimiter.
    public mutating func finish(into block: inout LineBlock) {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { block.append($0) }
        pending.removeAll()
    }
}
