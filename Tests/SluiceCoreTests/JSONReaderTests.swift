import SluiceCore
import Testing

@Suite struct JSONReaderTests {
    @Test func objectKeepsKeysInInsertionOrder() throws {
        let value = try JSONReader.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func duplicateKeyTakesTheLastValueAtTheFirstPosition() throws {
        let value = try JSONReader.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value.objectValue?["a"] == .int(3))
    }

    @Test func integersThatFitAreInt64AndOthersKeepTheirDigits() throws {
        #expect(try JSONReader.parse("9223372036854775807") == .int(.max))
        #expect(try JSONReader.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONReader.parse("9223372036854775808") == .bigNumber("9223372036854775808"))
        let huge = "123456789012345678901234567890"
        #expect(try JSONReader.parse(huge) == .bigNumber(huge))
        #expect(JSONWriter.string(try JSONReader.parse("[\(huge)]")) == "[\(huge)]")
    }

    @Test func decimalsAreDoublesCorrectlyRounded() throws {
        #expect(try JSONReader.parse("1.5") == .double(1.5))
        #expect(try JSONReader.parse("-0.1") == .double(-0.1))
        #expect(try JSONReader.parse("1E2") == .double(100))
        #expect(try JSONReader.parse("2.2250738585072014e-308") == .double(2.2250738585072014e-308))
        #expect(try JSONReader.parse("0.30000000000000004") == .double(0.30000000000000004))
        #expect(try JSONReader.parse("123456789.123456789123") == .double(123456789.123456789123))
    }

    @Test func exponentsBeyondDoubleAreKeptAsText() throws {
        #expect(try JSONReader.parse("1e400") == .bigNumber("1e400"))
    }

    @Test func escapesAreDecoded() throws {
        let value = try JSONReader.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u2603""#)
        #expect(value == .string("a\"b\\c/d\u{08}\u{0C}\n\r\té☃"))
    }

    @Test func surrogatePairsJoinAndLoneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONReader.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONReader.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONReader.parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONReader.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func invalidUTF8IsReplacedNotRejected() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        #expect(try JSONReader.parse(bytes) == .string("a\u{FFFD}b"))
    }

    @Test func unescapedControlCharacterIsAnError() {
        #expect(throws: JSONError(.controlCharacterInString, offset: 2)) { try JSONReader.parse("\"a\u{01}\"") }
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONReader.parse(deep) }
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONReader.parse(ok) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONError.self) { try JSONReader.parse(tooDeep) }
    }

    @Test func errorsGiveTheByteOffset() {
        #expect(throws: JSONError(.unexpectedCharacter, offset: 5)) { try JSONReader.parse(#"{"a":x}"#) }
        #expect(throws: JSONError(.trailingData, offset: 3)) { try JSONReader.parse("[] x") }
        #expect(throws: JSONError(.emptyDocument, offset: 0)) { try JSONReader.parse("") }
        #expect(throws: JSONError(.emptyDocument, offset: 2)) { try JSONReader.parse("  ") }
    }

    @Test func bareWordsAreRejected() {
        for text in ["aa", "  aa", "aa  ", "tru", "nul", "-", "01", "1.", ".5", "+1"] {
            #expect(throws: JSONError.self, "\(text)") { try JSONReader.parse(text) }
        }
    }

    @Test func largeObjectsStayCorrectPastTheIndexThreshold() throws {
        let members = (0..<200).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSONReader.parse("{\(members),\"k7\":-1}")
        let object = try #require(value.objectValue)
        #expect(object.count == 200)
        #expect(object["k199"] == .int(199))
        #expect(object["k7"] == .int(-1))
        #expect(object.keys.first == "k0")
    }
}

@Suite struct JSONReaderInstanceTests {
    @Test func aReaderGivesTheSameValuesAsTheOneOffParser() throws {
        let reader = JSONReader()
        // More distinct strings than the cache has slots, of every cached length, twice over:
        // collisions and evictions must never hand back the wrong string.
        var lines: [String] = []
        for n in 0..<5000 {
            let text = String(repeating: "k", count: n % 70) + "\(n)"
            lines.append("{\"key\(n % 37)\":\"\(text)\",\"level\":\"INFO\",\"n\":\(n)}")
        }
        for _ in 0..<2 {
            for line in lines {
                let bytes = Array(line.utf8)
                let shared = try bytes.withUnsafeBytes { try reader.parse($0) }
                #expect(shared == (try JSONReader.parse(bytes)), "\(line)")
            }
        }
    }

    /// Strings with escapes at every offset from a word boundary, of every length around the
    /// eight-byte steps, through a reader (its reused buffer) and the one-off parser, come back as
    /// the text the writer escaped.
    @Test func escapedStringsRoundTripAtEveryAlignment() throws {
        let reader = JSONReader()
        let pieces = ["\"", "\\", "\n", "\t", "/", "é", "☃", "😀", "\u{01}", "\u{1F}", "x", "abcdefgh"]
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<30 {
                var text = ""
                for _ in 0..<length { text += pieces.randomElement(using: &generator)! }
                for padding in 0..<9 {
                    let original = String(repeating: "p", count: padding) + text
                    var sink = ByteSink()
                    JSONWriter.append(.array([.string(original), .string(original)]), to: &sink)
                    let bytes = sink.bytes
                    let expected = Value.array([.string(original), .string(original)])
                    #expect(try bytes.withUnsafeBytes { try reader.parse($0) } == expected)
                    #expect(try JSONReader.parse(bytes) == expected)
                }
            }
        }
    }

    /// Escaped strings longer than the reader keeps memory for, closed and not.
    @Test func longEscapedStringsAndTheirErrors() throws {
        let reader = JSONReader()
        let long = String(repeating: "a\"b\\", count: 40_000)  // 160 KB of text, 80,000 escapes
        var sink = ByteSink()
        JSONWriter.append(.object(["message": .string(long), "short": .string("q\"")]), to: &sink)
        let bytes = sink.bytes
        #expect(try bytes.withUnsafeBytes { try reader.parse($0) } == .object(["message": .string(long), "short": .string("q\"")]))
        let unclosed = Array(#"["x\"y"#.utf8) + Array(repeating: UInt8(ascii: "z"), count: 70_000)
        #expect(throws: JSONError(.unexpectedEnd, offset: unclosed.count)) { try unclosed.withUnsafeBytes { try reader.parse($0) } }
        let control = Array(#"["x\"y"#.utf8) + Array(repeating: UInt8(ascii: "z"), count: 70_000) + [0x01, 0x22, 0x5D]
        #expect(throws: JSONError(.controlCharacterInString, offset: 70_006)) { try control.withUnsafeBytes { try reader.parse($0) } }
        #expect(throws: JSONError(.invalidEscape, offset: 3)) { try JSONReader.parse(#"["x\q"]"#) }
        #expect(throws: JSONError(.unexpectedEnd, offset: 3)) { try JSONReader.parse(#"["x\"#) }
    }

    @Test func invalidUTF8IsRepairedThroughTheCacheToo() throws {
        let reader = JSONReader()
        let bytes: [UInt8] = Array("[\"".utf8) + [0x61, 0xFF] + Array(repeating: 0x62, count: 20) + Array("\"]".utf8)
        let value = try bytes.withUnsafeBytes { try reader.parse($0) }
        #expect(value == .array([.string("a\u{FFFD}" + String(repeating: "b", count: 20))]))
    }
}
