import SluiceCore

/// Cuts a syslog TCP stream into messages as RFC 6587 describes, the framing found per
/// connection from its first byte: a digit means octet counting (`LENGTH SP MESSAGE`, as rsyslog's
/// `TCP_Framing="octet-counted"` and `logger --octet-count` send), anything else one message per
/// line. A length that is not a number, or longer than `maxFrameBytes`, switches the rest of the
/// connection to lines (nothing is dropped); a frame cut off by the end of the connection is still
/// an event.
struct SyslogFrameDecoder: StreamEventDecoder {
    private enum Framing { case undecided, octetCounted, lines }
    private var framing = Framing.undecided
    private var lines: LineDecoder
    /// Octet counting: bytes of frames not complete yet.
    private var pending: [UInt8] = []
    let maxFrameBytes: Int

    init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
        lines = LineDecoder(format: .line, maxLineBytes: maxFrameBytes)
    }

    mutating func decode(_ chunk: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event]) {
        if framing == .undecided {
            guard let first = chunk.first(where: { !Self.isLineEnd($0) }) else { return }
            framing = Self.isDigit(first) ? .octetCounted : .lines
        }
        guard framing == .octetCounted else {
            lines.decode(chunk, now: now, into: &events)
            return
        }
        pending.append(contentsOf: chunk)
        var start = 0
        while true {
            // Some senders end each frame with a newline too: what separates frames is skipped.
            while start < pending.count, Self.isLineEnd(pending[start]) { start += 1 }
            var i = start
            var length = 0
            while i < pending.count, Self.isDigit(pending[i]), length <= maxFrameBytes {
                length = length * 10 + Int(pending[i] - UInt8(ascii: "0"))
                i += 1
            }
            if i == pending.count && length <= maxFrameBytes { break }  // the length is not all here yet
            guard i > start, length <= maxFrameBytes, pending[i] == UInt8(ascii: " ") else {
                // Not octet counting after all: the rest is read as lines.
                framing = .lines
                pending[start...].withUnsafeBytes { lines.decode($0, now: now, into: &events) }
                pending.removeAll()
                return
            }
            let frameStart = i + 1
            guard pending.count - frameStart >= length else { break }
            events.append(Self.event(pending[frameStart..<(frameStart + length)], now: now))
            start = frameStart + length
        }
        pending.removeFirst(start)
    }

    mutating func finish(now: Timestamp, into events: inout [Event]) {
        switch framing {
        case .lines:
            lines.finish(now: now, into: &events)
        case .octetCounted:
            // A frame the connection cut short: what arrived of it.
            if let first = pending.firstIndex(where: { !Self.isLineEnd($0) }),
                let space = pending[first...].firstIndex(of: UInt8(ascii: " "))
            {
                events.append(Self.event(pending[(space + 1)...], now: now))
            }
            pending.removeAll()
        case .undecided:
            break
        }
    }

    /// A frame's event: the message without a trailing line end.
    private static func event(_ frame: ArraySlice<UInt8>, now: Timestamp) -> Event {
        var end = frame.endIndex
        while end > frame.startIndex, frame[end - 1] == UInt8(ascii: "\n") || frame[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Event(message: String(decoding: frame[frame.startIndex..<end], as: UTF8.self), timestamp: now)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isLineEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
}
