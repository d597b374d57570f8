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
    var pending: [UInt8] = []
    let reader = JSONReader()

    public init(format: Format, delimiter: UInt8 = UInt8(ascii: "\n")) {
        self.format = format
        self.delimiter = delimiter
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
            if pending.isEmpty {
                emit(UnsafeRawBufferPointer(rebasing: chunk[start..<i]), now: now, into: &events)
            } else {
                pending.append(contentsOf: chunk[start..<i])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { emit($0, now: now, into: &events) }
            }
            start = i + 1
        }
        if start < chunk.count { pending.append(contentsOf: chunk[start...]) }
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
