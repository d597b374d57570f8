public import SluiceCore

/// Complete lines split from a byte stream, kept as bytes (one array for all of them) until they
/// are made into events: `LineDecoder` fills it, `appendEvents` makes the events, possibly later
/// and on another thread (a file input's batch is made by the worker that takes it).
public struct LineBlock: Sendable {
    var bytes: [UInt8] = []
    /// Where each line ends in `bytes` (it starts where the previous one ended).
    var ends: [Int] = []
    /// The indices of lines cut at `max_line_bytes` (tagged `_linetoolong`).
    var cutLines: [Int] = []

    public init() {}

    /// How many lines it holds.
    public var count: Int { ends.count }
    public var isEmpty: Bool { ends.isEmpty }

    mutating func append(_ line: UnsafeRawBufferPointer, cut: Bool = false) {
        if cut { cutLines.append(ends.count) }
        bytes.append(contentsOf: line)
        ends.append(bytes.count)
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        cutLines.removeAll()
    }

    /// One event per line (a trailing `\r` dropped): the line in `message` (`.line`), or the JSON
    /// object it holds (`.jsonLines`: blank lines skipped; a line that is not a JSON object becomes
    /// a `message` tagged `_jsonparsefailure`). Cut lines are tagged `_linetoolong`.
    public func appendEvents(
        format: LineDecoder.Format, now: Timestamp, reader: JSONReader?, into events: inout [Event]
    ) {
        events.reserveCapacity(events.count + ends.count)
        // One reader for the whole block (a new one makes its string cache).
        let jsonReader = format == .jsonLines ? (reader ?? JSONReader()) : nil
        var nextCut = 0
        bytes.withUnsafeBytes { all in
            var start = 0
            for (index, end) in ends.enumerated() {
                var line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                start = end
                let cut = nextCut < cutLines.count && cutLines[nextCut] == index
                if cut {
                    nextCut += 1
                    var event = Event(message: String(decoding: line, as: UTF8.self), timestamp: now)
                    event.tag("_linetoolong")
                    events.append(event)
                    continue
                }
                if line.last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
                switch format {
                case .line:
                    events.append(Event(message: String(decoding: line, as: UTF8.self), timestamp: now))
                case .jsonLines:
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    if let value = try? jsonReader?.parse(line), case .object(let object) = value {
                        events.append(Event(constructingFrom: object, now: now))
                    } else {
                        var event = Event(message: String(decoding: line, as: UTF8.self), timestamp: now)
                        event.tag("_jsonparsefailure")
                        events.append(event)
                    }
                }
            }
        }
    }
}
