/// Splits a Lumberjack byte stream into frames, byte by byte as they arrive (§2 of
/// ../shared/SPEC/lumberjack-v2.md). Compressed frames are inflated (with a running cap) and
/// their frames returned in order. A declared length is checked against the limits before anything
/// is buffered or allocated for it. Any violation is an error: the stream cannot be
/// re-synchronised, so the connection must close.
public struct LumberjackParser: Sendable {
    public let limits: LumberjackLimits
    /// Whether a top-level `C` frame is inflated here (its frames returned) or handed on as
    /// `.compressed` for the consumer to inflate when it wants the frames: a connection waiting
    /// for the pipeline then holds compressed bytes, not a window of inflated frames.
    public let inflatesCompressed: Bool

    public init(limits: LumberjackLimits = LumberjackLimits(), inflatesCompressed: Bool = true) {
        self.limits = limits
        self.inflatesCompressed = inflatesCompressed
    }

    public enum Step {
        /// Not enough bytes yet.
        case needMoreData
        /// Frames decoded from `consumed` bytes.
        case frames([LumberjackFrame], consumed: Int)
    }

    /// Decodes the next frame at the start of `bytes` (a `C` frame may give several).
    public func next(_ bytes: UnsafeRawBufferPointer, depth: Int = 0) throws(LumberjackError) -> Step {
        guard let (frame, consumed) = try view(bytes, depth: depth) else { return .needMoreData }
        switch frame {
        case .window(let version, let count):
            return .frames([.window(version: version, count: count)], consumed: consumed)
        case .json(let sequence, let payload):
            return .frames([.json(sequence: sequence, payload: Array(payload))], consumed: consumed)
        case .data(let sequence, let pairs):
            return .frames([.data(sequence: sequence, pairs: pairs)], consumed: consumed)
        case .compressed(let payload):
            if !inflatesCompressed && depth == 0 {
                return .frames([.compressed(payload: Array(payload))], consumed: consumed)
            }
            return .frames(try frames(inflating: payload, depth: depth + 1), consumed: consumed)
        }
    }

    /// One frame read in place at the start of `bytes`, `J` and `C` payloads as views into them.
    private enum FrameView {
        case window(version: UInt8, count: UInt32)
        case json(sequence: UInt32, payload: UnsafeRawBufferPointer)
        case data(sequence: UInt32, pairs: [(String, String)])
        case compressed(payload: UnsafeRawBufferPointer)
    }

    /// Reads the frame at the start of `bytes` and how many bytes it takes; `nil` when more bytes
    /// are needed. Every header check and limit lives here, for `next` and `visitFrames` alike.
    private func view(_ bytes: UnsafeRawBufferPointer, depth: Int) throws(LumberjackError) -> (FrameView, consumed: Int)? {
        guard bytes.count >= 2 else { return nil }
        let version = bytes[0]
        let type = bytes[1]
        guard version == UInt8(ascii: "2") || version == UInt8(ascii: "1") else {
            throw LumberjackError(description: "unknown protocol version byte 0x\(String(version, radix: 16))")
        }
        switch type {
        case UInt8(ascii: "J"):
            guard bytes.count >= 10 else { return nil }
            let length = Self.u32(bytes, 6)
            guard length > 0, length <= limits.maxPayload else {
                throw LumberjackError(description: "JSON frame of \(length) bytes is outside 1...\(limits.maxPayload)")
            }
            guard bytes.count >= 10 + Int(length) else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[10..<(10 + Int(length))])
            return (.json(sequence: Self.u32(bytes, 2), payload: payload), 10 + Int(length))
        case UInt8(ascii: "W"):
            guard depth == 0 else { throw LumberjackError(description: "window frame inside a compressed frame") }
            guard bytes.count >= 6 else { return nil }
            let count = Self.u32(bytes, 2)
            guard count <= limits.maxWindow else {
                throw LumberjackError(description: "window of \(count) events is over the limit of \(limits.maxWindow)")
            }
            return (.window(version: version, count: count), 6)
        case UInt8(ascii: "C"):
            guard depth < limits.maxNesting else { throw LumberjackError(description: "compressed frames nested too deep") }
            guard bytes.count >= 6 else { return nil }
            let length = Self.u32(bytes, 2)
            guard length > 0, length <= limits.maxCompressed else {
                throw LumberjackError(description: "compressed frame of \(length) bytes is outside 1...\(limits.maxCompressed)")
            }
            guard bytes.count >= 6 + Int(length) else { return nil }
            return (.compressed(payload: UnsafeRawBufferPointer(rebasing: bytes[6..<(6 + Int(length))])), 6 + Int(length))
        case UInt8(ascii: "D"):
            guard bytes.count >= 10 else { return nil }
            let pairs = Self.u32(bytes, 6)
            guard pairs > 0, pairs <= 1024 else { throw LumberjackError(description: "data frame with \(pairs) pairs") }
            var offset = 10
            var fields: [(String, String)] = []
            for _ in 0..<pairs {
                var strings: [String] = []
                for _ in 0..<2 {
                    guard bytes.count >= offset + 4 else { return nil }
                    let length = Self.u32(bytes, offset)
                    guard length <= limits.maxPayload else { throw LumberjackError(description: "data frame string too long") }
                    offset += 4
                    guard bytes.count >= offset + Int(length) else { return nil }
                    strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))]), as: UTF8.self))
                    offset += Int(length)
                }
                fields.append((strings[0], strings[1]))
            }
            return (.data(sequence: Self.u32(bytes, 2), pairs: fields), offset)
        default:
            throw LumberjackError(description: "unexpected frame type 0x\(String(type, radix: 16))")
        }
    }

    /// The frames inside a `C` frame's payload, inflated with the running cap; `depth` is the
    /// nesting of those frames (1 for a top-level `C` frame). `visitFrames`, collected.
    public func frames(inflating payload: UnsafeRawBufferPointer, depth: Int) throws(LumberjackError) -> [LumberjackFrame] {
        var frames: [LumberjackFrame] = []
        try visitFrames(inflating: payload, depth: depth) { frame throws(LumberjackError) in
            switch frame {
            case .window(let version, let count): frames.append(.window(version: version, count: count))
            case .json(let sequence, let payload): frames.append(.json(sequence: sequence, payload: Array(payload)))
            case .data(let sequence, let pairs): frames.append(.data(sequence: sequence, pairs: pairs))
            }
        }
        return frames
    }

    /// Inflates a `C` frame's payload (with the running cap) and calls `visit` with each data frame
    /// inside, in order: the consumer's hot path. A `J` payload is handed as a view into the
    /// inflated bytes, valid only during the call (no array per frame); nested `C` frames are
    /// visited in turn.
    public func visitFrames(
        inflating payload: UnsafeRawBufferPointer, depth: Int, _ visit: (InflatedFrame) throws(LumberjackError) -> Void
    ) throws(LumberjackError) {
        let inflated: [UInt8]
        do {
            inflated = try ZlibInflater.inflate(payload, limit: limits.maxInflated)
        } catch {
            throw LumberjackError(description: "\(error)")
        }
        let result: Result<Void, LumberjackError> = inflated.withUnsafeBytes { inner in
            var offset = 0
            while offset < inner.count {
                do throws(LumberjackError) {
                    guard let (frame, consumed) = try view(UnsafeRawBufferPointer(rebasing: inner[offset...]), depth: depth) else {
                        throw LumberjackError(description: "compressed frame ends inside a frame")
                    }
                    switch frame {
                    case .json(let sequence, let payload): try visit(.json(sequence: sequence, payload: payload))
                    case .compressed(let payload): try visitFrames(inflating: payload, depth: depth + 1, visit)
                    case .window(let version, let count): try visit(.window(version: version, count: count))
                    case .data(let sequence, let pairs): try visit(.data(sequence: sequence, pairs: pairs))
                    }
                    offset += consumed
                } catch {
                    return .failure(error)
                }
            }
            return .success(())
        }
        try result.get()
    }

    static func u32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// The 6-byte ACK `2A <sequence>` (v1 connections get `1A`).
    public static func ack(version: UInt8, sequence: UInt32) -> [UInt8] {
        [version, UInt8(ascii: "A"), UInt8(sequence >> 24), UInt8(sequence >> 16 & 0xFF), UInt8(sequence >> 8 & 0xFF), UInt8(sequence & 0xFF)]
    }
}
