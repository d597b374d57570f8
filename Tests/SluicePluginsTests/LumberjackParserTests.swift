import CAdler32
import CZlib
import Foundation
@testable import SluiceLumberjack
import SluiceTestSupport
import Testing

/// The Lumberjack frame parser alone, byte by byte, with hostile input.
@Suite struct LumberjackParserTests {
    static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func window(_ count: UInt32) -> [UInt8] { [0x32, 0x57] + u32(count) }
    static func json(_ sequence: UInt32, _ text: String) -> [UInt8] { [0x32, 0x4A] + u32(sequence) + u32(UInt32(text.utf8.count)) + Array(text.utf8) }
    /// A `2C` frame holding `frames` deflated at `level`.
    static func compressed(_ frames: [UInt8], level: Int32 = 3) -> [UInt8] {
        let stream = ZlibInflaterTests.compressed(frames, level: level)
        return [0x32, 0x43] + u32(UInt32(stream.count)) + stream
    }

    /// Parses a whole stream the way the channel handler does: as much as is there, then wait.
    static func parse(_ stream: [UInt8], parser: LumberjackParser = LumberjackParser(), chunk: Int = .max) throws -> [LumberjackFrame] {
        var frames: [LumberjackFrame] = []
        var buffer: [UInt8] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + chunk)
            buffer += stream[offset..<end]
            offset = end
            while true {
                let step = try buffer.withUnsafeBytes { try parser.next($0) }
                guard case .frames(let found, let consumed) = step else { break }
                frames += found
                buffer.removeFirst(consumed)
            }
        }
        return frames
    }

    static func error(_ stream: [UInt8], parser: LumberjackParser = LumberjackParser()) -> String? {
        do {
            _ = try parse(stream, parser: parser)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func framesSplitAtEveryByteParseTheSameAsWhole() throws {
        let inner = Self.json(2, #"{"message":"b"}"#) + Self.json(3, #"{"message":"c"}"#)
        let stream = Self.window(3) + Self.json(1, #"{"message":"a"}"#) + Self.compressed(inner)
        let whole = try Self.parse(stream)
        #expect(
            whole == [
                .window(version: 0x32, count: 3), .json(sequence: 1, payload: Array(#"{"message":"a"}"#.utf8)),
                .json(sequence: 2, payload: Array(#"{"message":"b"}"#.utf8)), .json(sequence: 3, payload: Array(#"{"message":"c"}"#.utf8)),
            ])
        #expect(try Self.parse(stream, chunk: 1) == whole)
        #expect(try Self.parse(stream, chunk: 7) == whole)
    }

    @Test func version1DataFramesCarryKeyValuePairs() throws {
        let pair = Self.u32(4) + Array("line".utf8) + Self.u32(2) + Array("hi".utf8)
        let frames = try Self.parse([0x31, 0x57] + Self.u32(1) + [0x31, 0x44] + Self.u32(7) + Self.u32(1) + pair)
        #expect(frames == [.window(version: 0x31, count: 1), .data(sequence: 7, pairs: [("line", "hi")])])
    }

    @Test func hostileStreamsAreRefusedBeforeAnythingIsBuffered() {
        #expect(Self.error([0x39, 0x57] + Self.u32(1))?.contains("version") == true)
        #expect(Self.error([0x32, 0x5A, 0, 0])?.contains("frame type") == true)
        #expect(Self.error(Self.window(1_000_000))?.contains("over the limit") == true)
        // A JSON frame announcing ~4 GB: refused with only its header received.
        #expect(Self.error([0x32, 0x4A] + Self.u32(1) + Self.u32(0xFFFF_FFF0))?.contains("outside") == true)
        #expect(Self.error([0x32, 0x4A] + Self.u32(1) + Self.u32(0))?.contains("outside") == true)
        #expect(Self.error([0x32, 0x43] + Self.u32(65 << 20))?.contains("compressed frame of") == true)
        // A window frame inside a compressed frame, and a compressed frame cut inside a frame.
        #expect(Self.error(Self.compressed(Self.window(1)))?.contains("inside a compressed frame") == true)
        #expect(Self.error(Self.compressed(Array(Self.json(1, "{}").dropLast())))?.contains("ends inside a frame") == true)
        // Corrupt zlib data.
        #expect(Self.error([0x32, 0x43] + Self.u32(4) + [1, 2, 3, 4]) != nil)
    }

    @Test func aZlibBombIsCutAtTheInflateCap() {
        var limits = LumberjackLimits()
        limits.maxInflated = 1 << 20
        // 8 MiB of one JSON frame's zeros compress to a few KB; inflating stops at the 1 MiB cap.
        let bomb = Self.compressed(Self.json(1, String(repeating: "0", count: 8 << 20)), level: 9)
        #expect(bomb.count < 16 * 1024)
        #expect(Self.error(bomb, parser: LumberjackParser(limits: limits)) != nil)
    }

    @Test func compressedFramesNestedBeyondTheDepthAreRefused() throws {
        let once = Self.compressed(Self.json(1, "{}"))
        #expect(try Self.parse(Self.compressed(once)).count == 1)  // depth 2 is allowed
        #expect(Self.error(Self.compressed(Self.compressed(once)))?.contains("nested") == true)
    }

    /// The beats input's way: `C` frames handed on compressed, inflated by the consumer; the same
    /// frames, limits and errors as inflating in the parser.
    static func parseDeferred(_ stream: [UInt8], limits: LumberjackLimits = LumberjackLimits()) throws -> [LumberjackFrame] {
        let outer = try parse(stream, parser: LumberjackParser(limits: limits, inflatesCompressed: false), chunk: 5)
        let inflater = LumberjackParser(limits: limits)
        return try outer.flatMap { frame throws -> [LumberjackFrame] in
            guard case .compressed(let payload) = frame else { return [frame] }
            // As the beats input does: frames visited straight from the inflated bytes.
            var visited: [LumberjackFrame] = []
            try payload.withUnsafeBytes { bytes in
                try inflater.visitFrames(inflating: bytes, depth: 1) { inner throws(LumberjackError) in
                    switch inner {
                    case .window(let version, let count): visited.append(.window(version: version, count: count))
                    case .json(let sequence, let payload): visited.append(.json(sequence: sequence, payload: Array(payload)))
                    case .data(let sequence, let pairs): visited.append(.data(sequence: sequence, pairs: pairs))
                    }
                }
            }
            return visited
        }
    }

    /// Inside a `C` frame: a window frame, a cut `J` frame, a `J` frame over the payload limit and
    /// an unknown version byte are refused by the visiting path as by the parser.
    @Test func visitedCompressedFramesAreCheckedLikeParsedOnes() throws {
        var limits = LumberjackLimits()
        limits.maxPayload = 64
        let cut = Array(Self.json(1, #"{"message":"a"}"#).dropLast(3))
        let streams: [[UInt8]] = [
            Self.window(1) + Self.compressed(Self.window(1)),
            Self.window(1) + Self.compressed(cut),
            Self.window(1) + Self.compressed(Self.json(1, String(repeating: "x", count: 100))),
            Self.window(1) + Self.compressed([UInt8(ascii: "3"), UInt8(ascii: "J")] + Array(Self.json(1, "{}").dropFirst(2))),
        ]
        for stream in streams {
            #expect(throws: LumberjackError.self) { try Self.parseDeferred(stream, limits: limits) }
            #expect(Self.error(stream, parser: LumberjackParser(limits: limits)) != nil)
        }
    }

    @Test func compressedFramesLeftForTheConsumerGiveTheSameFrames() throws {
        let inner = Self.json(2, #"{"message":"b"}"#) + Self.json(3, #"{"message":"c"}"#)
        let stream = Self.window(3) + Self.json(1, #"{"message":"a"}"#) + Self.compressed(inner)
        let outer = try Self.parse(stream, parser: LumberjackParser(inflatesCompressed: false))
        #expect(outer.count == 3)
        guard case .compressed = outer[2] else {
            Issue.record("expected the C frame still compressed, got \(outer[2])")
            return
        }
        #expect(try Self.parseDeferred(stream) == (try Self.parse(stream)))
        // Nesting and the inflate cap hold the same way.
        let once = Self.compressed(Self.json(1, "{}"))
        #expect(try Self.parseDeferred(Self.compressed(once)).count == 1)
        #expect(throws: LumberjackError.self) { try Self.parseDeferred(Self.compressed(Self.compressed(once))) }
        var limits = LumberjackLimits()
        limits.maxInflated = 1 << 20
        let bomb = Self.compressed(Self.json(1, String(repeating: "0", count: 8 << 20)), level: 9)
        #expect(throws: LumberjackError.self) { try Self.parseDeferred(bomb, limits: limits) }
    }
}

/// `sluice_adler32` (SSSE3) against zlib's adler32, and the inflater's use of it.
@Suite struct Adler32Tests {
    @Test func matchesZlibForEveryLengthAndContinuation() {
        var generator = SystemRandomNumberGenerator()
        // All lengths around the 32-byte blocks and the 5552-byte reduction, and a few large ones;
        // bytes of 0xFF make the sums largest.
        let lengths = Array(0...300) + [5_551, 5_552, 5_553, 5_536 + 31, 11_104, 65_536, 1_000_003]
        for length in lengths {
            for fill in [UInt8?.none, 0xFF] {
                let bytes = (0..<length).map { _ in fill ?? UInt8.random(in: 0...255, using: &generator) }
                let zlib = bytes.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
                let ours = bytes.withUnsafeBufferPointer { sluice_adler32(1, $0.baseAddress, $0.count) }
                #expect(ours == zlib, "length \(length)")
                // Continuing from a running value, split at an odd place.
                let cut = length / 3
                let first = bytes.withUnsafeBufferPointer { sluice_adler32(1, $0.baseAddress, cut) }
                let both = bytes.withUnsafeBufferPointer { sluice_adler32(first, $0.baseAddress! + cut, length - cut) }
                #expect(both == zlib, "length \(length) split at \(cut)")
            }
        }
    }

}

/// The inflater with each engine (libdeflate when the machine has it, zlib always): the same
/// bytes out, the same refusals.
@Suite struct ZlibInflaterTests {
    static var engines: [ZlibInflater.Engine] {
        ZlibInflater.defaultEngine == .libdeflate ? [.libdeflate, .zlib] : [.zlib]
    }

    static func compressed(_ plain: [UInt8], level: Int32 = 3) -> [UInt8] {
        var size = compressBound(uLong(plain.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        _ = compress2(&compressed, &size, plain, uLong(plain.count), level)
        compressed.removeLast(compressed.count - Int(size))
        return compressed
    }

    @Test func libdeflateIsLoadedWhereCIInstallsIt() {
        // .ci/run installs libdeflate0; elsewhere zlib alone is a supported setup.
        if ProcessInfo.processInfo.environment["SLUICE_CI"] == "1" { #expect(ZlibInflater.defaultEngine == .libdeflate) }
    }

    @Test(arguments: engines) func theLimitHoldsToTheByteAndACorruptedCheckIsRefused(engine: ZlibInflater.Engine) throws {
        let plain = Array((0..<4000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        var good = Self.compressed(plain)
        #expect(try good.withUnsafeBytes { try ZlibInflater.inflate($0, limit: 1 << 20, engine: engine) } == plain)
        // One byte short of the limit is too little.
        #expect(throws: (any Error).self) { try good.withUnsafeBytes { try ZlibInflater.inflate($0, limit: plain.count - 1, engine: engine) } }
        #expect(try good.withUnsafeBytes { try ZlibInflater.inflate($0, limit: plain.count, engine: engine) } == plain)
        good[good.count - 1] ^= 0x01
        #expect(throws: (any Error).self) { try good.withUnsafeBytes { try ZlibInflater.inflate($0, limit: 1 << 20, engine: engine) } }
    }

    @Test(arguments: engines) func streamsThatNeedMoreRoomThanGuessedAndBrokenOnes(engine: ZlibInflater.Engine) throws {
        var generator = SplitMix(seed: 3)
        // Highly compressible (a thousand to one: the first guess of room is too small) and not.
        let repetitive = [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20)
        let random = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for plain in [repetitive, random, []] {
            let stream = Self.compressed(plain)
            #expect(try stream.withUnsafeBytes { try ZlibInflater.inflate($0, limit: 8 << 20, engine: engine) } == plain)
            // Cut short anywhere: refused, never a partial result.
            for cut in [1, 2, stream.count / 2, stream.count - 1] where cut < stream.count {
                #expect(throws: (any Error).self) { try stream[..<cut].withUnsafeBytes { try ZlibInflater.inflate($0, limit: 8 << 20, engine: engine) } }
            }
        }
        #expect(throws: (any Error).self) { try [UInt8]().withUnsafeBytes { try ZlibInflater.inflate($0, limit: 1 << 20, engine: engine) } }
        #expect(throws: (any Error).self) { try [0x78, 0x9C, 0xFF, 0xFF].withUnsafeBytes { try ZlibInflater.inflate($0, limit: 1 << 20, engine: engine) } }
        // Nothing may come out under a zero limit.
        #expect(throws: (any Error).self) { try Self.compressed(random).withUnsafeBytes { try ZlibInflater.inflate($0, limit: 0, engine: engine) } }
        // A bomb: 3 MiB of one byte, capped at 1 MiB.
        #expect(throws: (any Error).self) { try Self.compressed(repetitive).withUnsafeBytes { try ZlibInflater.inflate($0, limit: 1 << 20, engine: engine) } }
    }
}
