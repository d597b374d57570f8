import SluiceCore
import SluiceTestSupport
import Testing

/// The 16-byte escape kernels (CJSONEscapes) against references written byte by byte here: every
/// escape at every position of a block, at its edges (a backslash in a block's last byte has its
/// letter in the next block), in runs, and the errors a block must leave to the byte path.
@Suite struct JSONEscapeBlockTests {
    /// `"`, `\` and control bytes escaped as Logstash's json codec writes them; nothing else.
    static func referenceEscape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for c in bytes {
            switch c {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(c >> 4)], hex[Int(c & 0xF)]]
            default: out.append(c)
            }
        }
        return out + [0x22]
    }

    @Test func writerEscapesDenseTextLikeTheByteLoop() {
        let pieces: [[UInt8]] = [[0x22], [0x5C], [0x2F], [0x0A], [0x01], [0x1F], Array("é".utf8), Array("😀".utf8), Array("ab".utf8), Array("xyzw1234".utf8)]
        var generator = SplitMix(seed: 11)
        for length in 0..<60 {
            for _ in 0..<20 {
                var bytes: [UInt8] = []
                for _ in 0..<length { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
                let text = String(decoding: bytes, as: UTF8.self)
                var sink = ByteSink()
                JSONWriter.appendString(text, to: &sink)
                #expect(sink.bytes == Self.referenceEscape(Array(text.utf8)), "\(bytes)")
            }
        }
    }

    @Test func writerEscapesEachSpecialByteAtEveryPositionOfEveryLengthUpToTwoBlocks() {
        // Short texts too (keys): their clean test and copy use overlapping words.
        for special: UInt8 in [0x22, 0x5C, 0x0A, 0x00, 0x7F] {
            for length in 1...40 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    var sink = ByteSink()
                    bytes.withUnsafeBufferPointer { JSONWriter.appendQuoted($0, to: &sink) }
                    #expect(sink.bytes == Self.referenceEscape(bytes), "byte \(special) at \(position) of \(length)")
                }
            }
        }
    }

    /// Escaped text made of pieces whose decoded bytes are known, so the expected value does not
    /// come from the code under test.
    static let escapePieces: [(escaped: String, decoded: String)] = [
        (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\b"#, "\u{08}"), (#"\f"#, "\u{0C}"),
        (#"\n"#, "\n"), (#"\r"#, "\r"), (#"\t"#, "\t"), (#"\u00e9"#, "é"), (#"\ud83d\ude00"#, "😀"),
        (#"\\\""#, "\\\""), (#"\\\\"#, "\\\\"), ("é", "é"), ("q", "q"), ("abcdefg", "abcdefg"), (#"\u0041"#, "A"),
    ]

    @Test func readerDecodesEveryEscapeAtEveryBlockPosition() throws {
        let reader = JSONReader()
        for piece in Self.escapePieces {
            for padding in 0..<34 {
                let prefix = String(repeating: "p", count: padding)
                let suffix = String(repeating: "s", count: 34 - padding)
                let text = "[\"" + prefix + piece.escaped + suffix + "\"]"
                let expected = Value.array([.string(prefix + piece.decoded + suffix)])
                #expect(try JSONReader.parse(text) == expected, "\(text)")
                let bytes = Array(text.utf8)
                #expect(try bytes.withUnsafeBytes { try reader.parse($0) } == expected, "\(text)")
            }
        }
    }

    @Test func readerDecodesDenseRandomEscapes() throws {
        let reader = JSONReader()
        var generator = SplitMix(seed: 5)
        for length in 0..<70 {
            for _ in 0..<15 {
                var escaped = ""
                var decoded = ""
                for _ in 0..<length {
                    let piece = Self.escapePieces[Int(generator.next() % UInt64(Self.escapePieces.count))]
                    escaped += piece.escaped
                    decoded += piece.decoded
                }
                let text = #"{"m":""# + escaped + #"","n":1}"#
                let expected = Value.object(["m": .string(decoded), "n": .int(1)])
                let bytes = Array(text.utf8)
                #expect(try bytes.withUnsafeBytes { try reader.parse($0) } == expected, "\(text)")
            }
        }
    }

    @Test func errorsInsideBlocksAreReportedAtTheirByte() {
        for position in 0..<40 {
            let before = String(repeating: #"a\""#, count: position / 3) + String(repeating: "b", count: position % 3)
            let after = String(repeating: "c", count: 30)
            let offset = 2 + before.utf8.count  // after `["`
            #expect(throws: JSONError(.invalidEscape, offset: offset)) { try JSONReader.parse("[\"" + before + #"\x"# + after + "\"]") }
            #expect(throws: JSONError(.controlCharacterInString, offset: offset)) {
                try JSONReader.parse("[\"" + before + "\u{01}" + after + "\"]")
            }
            #expect(throws: JSONError(.invalidEscape, offset: offset)) { try JSONReader.parse("[\"" + before + "\\\u{0A}" + after + "\"]") }
            #expect(throws: JSONError(.unexpectedEnd, offset: offset + 32)) { try JSONReader.parse("[\"" + before + #"\""# + after) }
        }
    }
}
