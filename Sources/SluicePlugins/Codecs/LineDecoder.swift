public import SluiceCore

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
    let reader = JSONReader()

    public static let defaultMaxLineBytes = 10 << 20

    public init(format: Format, delimiter: UInt8 = UInt8(ascii: "\n"), maxLineBytes: Int = LineDecoder.defaultMaxLineBytes) {
        self.format = format
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
    public mutating func split(_ chunk: UnsafeRawBufferPointer, into block: inout LineBlock) {
        var start = 0
        for i in 0..<chunk.count where chunk[i] == delimiter {
            if skippingLongLine {
                skippingLongLine = false
            } else if pending.isEmpty {
                if i - start > maxLineBytes {
                    block.append(UnsafeRawBufferPointer(rebasing: chunk[start..<(start + maxLineBytes)]), cut: true)
                } else {
                    block.append(UnsafeRawBufferPointer(rebasing: chunk[start..<i]))
                }
            } else if pending.count + (i - start) > maxLineBytes {
                pending.append(contentsOf: chunk[start..<(start + maxLineBytes - pending.count)])
                pending.withUnsafeBytes { block.append($0, cut: true) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(contentsOf: chunk[start..<i])
                pending.withUnsafeBytes { block.append($0) }
                pending.removeAll(keepingCapacity: true)
            }
            start = i + 1
        }
        guard start < chunk.count, !skippingLongLine else { return }
        pending.append(contentsOf: chunk[start..<min(chunk.count, start + max(0, maxLineBytes - pending.count + 1))])
        if pending.count > maxLineBytes {
            // The line is already too long: emit what fits, tagged, and skip the rest of it.
            pending.withUnsafeBytes { block.append(UnsafeRawBufferPointer(rebasing: $0[0..<maxLineBytes]), cut: true) }
            pending.removeAll()
            skippingLongLine = true
        }
    }

    /// Hands on the last line when the input ended without a delimiter.
    public mutating func finish(into block: inout LineBlock) {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { block.append($0) }
        pending.removeAll()
    }
}
