public import SluiceCore
import SluiceLumberjack

/// Turns a window's `C` frame into its events exactly as a beats connection does (inflate, parse
/// the `J` frames, map them), without a network: what benchmarks measure the input's CPU with.
public struct CompressedWindowDecoder {
    private var window: WindowAssembler
    private let inflater = LumberjackParser()

    public init(ecs: Bool = true, peer: String? = "127.0.0.1") {
        window = WindowAssembler(ecs: ecs, peer: peer)
    }

    /// The events of a window of `count` events sent as one `C` frame with `payload` (zlib).
    public mutating func events(count: UInt32, compressed payload: [UInt8], now: Timestamp) throws -> [Event] {
        try window.open(version: UInt8(ascii: "2"), count: count)
        try window.take(compressed: payload, inflater: inflater, now: now)
        guard window.isComplete else { throw LumberjackError(description: "the window has fewer events than it announced") }
        return window.takeEvents()
    }
}
