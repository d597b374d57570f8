/// A Lumberjack frame, after compressed frames are inflated (../shared/SPEC/lumberjack-v2.md §2).
public enum LumberjackFrame: Equatable, Sendable {
    /// `W`: the next `count` data frames form one window.
    case window(version: UInt8, count: UInt32)
    /// `J` (v2): one JSON document.
    case json(sequence: UInt32, payload: [UInt8])
    /// `D` (v1): key/value strings.
    case data(sequence: UInt32, pairs: [(String, String)])
    /// `C`, still compressed: only from a parser made with `inflatesCompressed: false`, whose
    /// consumer inflates it when it is ready for the frames inside (`LumberjackParser.frames(inflating:depth:)`).
    case compressed(payload: [UInt8])

    public static func == (lhs: LumberjackFrame, rhs: LumberjackFrame) -> Bool {
        switch (lhs, rhs) {
        case (.window(let a, let b), .window(let c, let d)): a == c && b == d
        case (.json(let a, let b), .json(let c, let d)): a == c && b == d
        case (.compressed(let a), .compressed(let b)): a == b
        case (.data(let a, let b), .data(let c, let d)):
            a == c && b.count == d.count && zip(b, d).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

/// A frame found inside an inflated `C` frame (`LumberjackParser.visitFrames(inflating:depth:_:)`):
/// a `J` payload is a view into the inflated bytes, valid only during the visit.
public enum InflatedFrame {
    case window(version: UInt8, count: UInt32)
    case json(sequence: UInt32, payload: UnsafeRawBufferPointer)
    case data(sequence: UInt32, pairs: [(String, String)])
}

/// Why a connection's byte stream was refused: the connection is closed, without an ACK.
public struct LumberjackError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// The limits of ../shared/SPEC/lumberjack-v2.md §7.
public struct LumberjackLimits: Sendable {
    public var maxWindow: UInt32 = 10_000
    public var maxPayload: UInt32 = 16 << 20
    public var maxCompressed: UInt32 = 64 << 20
    public var maxInflated = 256 << 20
    public var maxNesting = 2

    public init() {}
}
