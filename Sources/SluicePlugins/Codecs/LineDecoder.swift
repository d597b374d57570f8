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
        var start = 0
        for i in 0..<chunk.count where chunk[i] == delimiter {
            if skippingLongLine {
                skippingLongLine = false
            } else if pending.isEmpty {
                if i - start > maxLineBytes {
                    emitCut(UnsafeRawBufferPointer(rebasing: chunk[start..<(start + maxLineBytes)]), now: now, into: &events)
                } else {
                    emit(UnsafeRawBufferPointer(rebasing: chunk[start..<i]), now: now, into: &events)
                }
            } else if pending.count + (i - start) > maxLineBytes {
                var line = pending
                line.append(contentsOf: chunk[start..<(start + maxLineBytes - pending.count)])
                pending.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { emitCut($0, now: now, into: &events) }
            } else {
                pending.append(contentsOf: chunk[start..<i])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { emit($0, now: now, into: &events) }
            }
            start = i + 1
        }
        guard start < chunk.count, !skippingLongLine else { return }
        pending.append(contentsOf: chunk[start..<min(chunk.count, start + max(0, maxLineBytes - pending.count + 1))])
        if pending.count > maxLineBytes {
            // The line is already too long: emit what fits, tagged, and skip the rest of it.
            let line = Array(pending.prefix(maxLineBytes))
            pending.removeAll()
            skippingLongLine = true
            line.withUnsafeBytes { emitCut($0, now: now, into: &events) }
        }
    }

    private func emitCut(_ raw: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event]) {
        var event = Event(message: String(decoding: raw, as: UTF8.self), timestamp: now)
        event.tag("_linetoolong")
        events.append(event)
    }

    /// Emits the last line when the input ended without a delimiter.
    public mutating func finish(now: Timestamp, into events: inout [Event]) {
        guard !pending.isEmpty else { return }
        let line = pending
        pending.removeAll()
        line.withUnsafeBytes { emit($0, now: now, into: &events) }
    }

    func emit(_ raw: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event]) {
        var line = raw
        if line.last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        switch format {
        case .line:
            events.append(Event(message: String(decoding: line, as: UTF8.self), timestamp: now))
        case .jsonLines:
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            if let value = try? reader.parse(line), case .object(let object) = value {
                events.append(Event(constructingFrom: object, now: now))
            } else {
                var event = Event(message: String(decoding: line, as: UTF8.self), timestamp: now)
                event.tag("_jsonparsefailure")
                events.append(event)
            }
        }
    }
}
