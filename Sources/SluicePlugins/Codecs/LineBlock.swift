public import SluiceCore

/// Complete lines split from a byte stream, kept as bytes (one array for all of them) until they
/// are made into events: `LineDecoder` fills it, `appendEvents` (or a caller of `forEachLine`)
/// makes the events, possibly later and on another thread (a file input's batch is made by the
/// worker that takes it).
///
/// Every line in `bytes` is followed by one separator byte, so that a run of whole lines read
/// from a chunk is copied in one piece, delimiters and all.
public struct LineBlock: Sendable {
    var bytes: [UInt8] = []
    /// Where each line ends in `bytes` (it starts one byte after the previous one ended).
    var ends: [Int] = []
    /// The indices of lines cut at `max_line_bytes` (tagged `_linetoolong`).
    var cutLines: [Int] = []

    public init() {}

    /// How many lines it holds.
    public var count: Int { ends.count }
    public var isEmpty: Bool { ends.isEmpty }

    /// Appends one line (a separator byte is added after it).
    mutating func append(_ line: UnsafeRawBufferPointer, cut: Bool = false) {
        if cut { cutLines.append(ends.count) }
        bytes.append(contentsOf: line)
        ends.append(bytes.count)
        bytes.append(0x0A)
    }

    /// Appends a run of whole lines, each followed by its delimiter; `lineEnds` are where the lines
    /// end within `run`.
    mutating func appendRun(_ run: UnsafeRawBufferPointer, lineEnds: UnsafeBufferPointer<Int>) {
        let base = bytes.count
        bytes.append(contentsOf: run)
        ends.reserveCapacity(ends.count + lineEnds.count)
        for end in lineEnds { ends.append(base + end) }
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        cutLines.removeAll()
    }

    /// Calls `body` with each line in order, and whether it was cut at `max_line_bytes`. A trailing
    /// `\r` is dropped from lines that were not cut.
    func forEachLine(_ body: (_ line: UnsafeRawBufferPointer, _ cut: Bool) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            var nextCut = 0
            for index in ends.indices {
                let end = ends[index]
                var line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                start = end + 1
                let cut = nextCut < cutLines.count && cutLines[nextCut] == index
                if cut {
                    nextCut += 1
                } else if line.last == UInt8(ascii: "\r") {
                    line = UnsafeRawBufferPointer(rebasing: line.dropLast())
                }
                try body(line, cut)
            }
        }
    }

    /// One event per line: the line in `message` (`.line`), or the JSON object it holds
    /// (`.jsonLines`: blank lines skipped; a line that is not a JSON object becomes a `message`
    /// tagged `_jsonparsefailure`). Cut lines are tagged `_linetoolong`.
    public func appendEvents(
        format: LineDecoder.Format, now: Timestamp, reader: JSONReader?, into events: inout [Event]
    ) {
        events.reserveCapacity(events.count + ends.count)
        // One reader for the whole block (a new one makes its string cache).
        let jsonReader = format == .jsonLines ? (reader ?? JSONReader()) : nil
        forEachLine { line, cut in
            if cut {
                var event = Event(message: String(decoding: line, as: UTF8.self), timestamp: now)
                event.tag("_linetoolong")
                events.append(event)
                return
            }
            switch format {
            case .line:
                events.append(Event(message: String(decoding: line, as: UTF8.self), timestamp: now))
            case .jsonLines:
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
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
