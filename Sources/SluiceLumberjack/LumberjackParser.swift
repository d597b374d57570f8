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
        guard bytes.count >= 2 else { return .needMoreData }
        let version = bytes[0]
        let type = bytes[1]
        guard version == UInt8(ascii: "2") || version == UInt8(ascii: "1") else {
            throw LumberjackError(description: "unknown protocol version byte 0x\(String(version, radix: 16))")
        }
        switch type {
        case UInt8(ascii: "W"):
            guard depth == 0 else { throw LumberjackError(description: "window frame inside a compressed frame") }
            guard bytes.count >= 6 else { return .needMoreData }
            let count = Self.u32(bytes, 2)
            guard count <= limits.maxWindow else {
                throw LumberjackError(description: "window of \(count) events is over the limit of \(limits.maxWindow)")
            }
            return .frames([.window(version: version, count: count)], consumed: 6)
        case UInt8(ascii: "J"):
            guard bytes.count >= 10 else { return .needMoreData }
            let length = Self.u32(bytes, 6)
            guard length > 0, length <= limits.maxPayload else {
                throw LumberjackError(description: "JSON frame of \(length) bytes is outside 1...\(limits.maxPayload)")
            }
            guard bytes.count >= 10 + Int(length) else { return .needMoreData }
            return .frames([.json(sequence: Self.u32(bytes, 2), payload: Array(bytes[10..<(10 + Int(length))]))], consumed: 10 + Int(length))
        case UInt8(ascii: "D"):
            guard bytes.count >= 10 else { return .needMoreData }
            let pairs = Self.u32(bytes, 6)
            guard pairs > 0, pairs <= 1024 else { throw LumberjackError(description: "data frame with \(pairs) pairs") }
            var offset = 10
            var fields: [(String, String)] = []
            for _ in 0..<pairs {
                var strings: [String] = []
                for _ in 0..<2 {
                    guard bytes.count >= offset + 4 else { return .needMoreData }
                    let length = Self.u32(bytes, offset)
                    guard length <= limits.maxPayload else { throw LumberjackError(description: "data frame string too long") }
                    offset += 4
                    guard bytes.count >= offset + Int(length) else { return .needMoreData }
                    strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))]), as: UTF8.self))
                    offset += Int(length)
                }
                fields.append((strings[0], strings[1]))
            }
            return .frames([.data(sequence: Self.u32(bytes, 2), pairs: fields)], consumed: offset)
        case UInt8(ascii: "C"):
            guard depth < limits.maxNesting else { throw LumberjackError(description: "compressed frames nested too deep") }
            guard bytes.count >= 6 else { return .needMoreData }
            let length = Self.u32(bytes, 2)
            guard length > 0, length <= limits.maxCompressed else {
                throw LumberjackError(description: "compressed frame of \(length) bytes is outside 1...\(limits.maxCompressed)")
            }
            guard bytes.count >= 6 + Int(length) else { return .needMoreData }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[6..<(6 + Int(length))])
            if !inflatesCompressed && depth == 0 {
                return .frames([.compressed(payload: Array(payload))], consumed: 6 + Int(length))
            }
            return .frames(try frames(inflating: payload, depth: depth + 1), consumed: 6 + Int(length))
        default:
            throw LumberjackError(description: "unexpected frame type 0x\(String(type, radix: 16))")
        }
    }

    /// The frames inside a `C` frame's payload, inflated with the running cap; `depth` is the
    /// nesting of those frames (1 for a top-level `C` frame).
    public func frames(inflating payload: UnsafeRawBufferPointer, depth: Int) throws(LumberjackError) -> [LumberjackFrame] {
        let inflated: [UInt8]
        do {
            inflated = try ZlibInflater.inflate(payload, limit: limits.maxInflated)
        } catch {
            throw LumberjackError(description: "\(error)")
        }
        var frames: [LumberjackFrame] = []
        let result: Result<Void, LumberjackError> = inflated.withUnsafeBytes { inner in
            var offset = 0
            while offset < inner.count {
                do throws(LumberjackError) {
                    switch try next(UnsafeRawBufferPointer(rebasing: inner[offset...]), depth: depth) {
                    case .needMoreData:
                        return .failure(LumberjackError(description: "compressed frame ends inside a frame"))
                    case .frames(let found, let consumed):
                        frames += found
                        offset += consumed
                    }
                } catch {
                    return .failure(error)
                }
            }
            return .success(())
        }
        try result.get()
        return frames
    }

    /// Inflates a `C` frame's payload (with the running cap) and calls `visit` with each data frame
    /// inside, in order: the consumer's hot path. A `J` payload is handed as a view into the
    /// inflated bytes, valid only during the call (no array per frame); nested `C` frames are
    /// visited in turn. The same frames and the same errors as `frames(inflating:depth:)`.
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
                    let rest = UnsafeRawBufferPointer(rebasing: inner[offset...])
                    if rest.count >= 10, rest[1] == UInt8(ascii: "J"), rest[0] == UInt8(ascii: "2") || rest[0] == UInt8(ascii: "1") {
                        let length = Self.u32(rest, 6)
                        guard length > 0, length <= limits.maxPayload else {
                            throw LumberjackError(description: "JSON frame of \(length) bytes is outside 1...\(limits.maxPayload)")
                        }
                        guard rest.count >= 10 + Int(length) else { throw LumberjackError(description: "compressed frame ends inside a frame") }
                        try visit(.json(sequence: Self.u32(rest, 2), payload: UnsafeRawBufferPointer(rebasing: rest[10..<(10 + Int(length))])))
                        offset += 10 + Int(length)
                        continue
                    }
                    if rest.count >= 6, rest[1] == UInt8(ascii: "C"), rest[0] == UInt8(ascii: "2") || rest[0] == UInt8(ascii: "1") {
                        guard depth < limits.maxNesting else { throw LumberjackError(description: "compressed frames nested too deep") }
                        let length = Self.u32(rest, 2)
                        guard length > 0, length <= limits.maxCompressed else {
                            throw LumberjackError(description: "compressed frame of \(length) bytes is outside 1...\(limits.maxCompressed)")
                        }
                        guard rest.count >= 6 + Int(length) else { throw LumberjackError(description: "compressed frame ends inside a frame") }
                        try visitFrames(inflating: UnsafeRawBufferPointer(rebasing: rest[6..<(6 + Int(length))]), depth: depth + 1, visit)
                        offset += 6 + Int(length)
                        continue
                    }
                    switch try next(rest, depth: depth) {
                    case .needMoreData:
                        throw LumberjackError(description: "compressed frame ends inside a frame")
                    case .frames(let found, let consumed):
                        for frame in found {
                            switch frame {
                            case .window(let version, let count): try visit(.window(version: version, count: count))
                            case .data(let sequence, let pairs): try visit(.data(sequence: sequence, pairs: pairs))
                            case .json(let sequence, let payload):
                                let visited: Result<Void, LumberjackError> = payload.withUnsafeBytes { bytes in
                                    Result { () throws(LumberjackError) in try visit(.json(sequence: sequence, payload: bytes)) }
                                }
                                try visited.get()
                            case .compressed: throw LumberjackError(description: "compressed frame left compressed")
                            }
                        }
                        offset += consumed
                    }
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
