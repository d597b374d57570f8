import SluiceCore
import Testing

@Suite struct JSONWriterTests {
    @Test func controlCharactersQuotesAndBackslashesAreEscaped() {
        let value = Value.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}/é😀")
        #expect(JSONWriter.string(value) == #""a\"b\\c\n\r\t\b\f\u0001\u001f/é😀""#)
    }

    @Test func doublesKeepAFractionAndNonFiniteBecomesNull() {
        #expect(JSONWriter.string(.double(1)) == "1.0")
        #expect(JSONWriter.string(.double(1.5)) == "1.5")
        #expect(JSONWriter.string(.double(-0.25)) == "-0.25")
        #expect(JSONWriter.string(.double(.infinity)) == "null")
        #expect(JSONWriter.string(.double(.nan)) == "null")
    }

    @Test func integersAreWrittenExactly() {
        for n: Int64 in [0, 7, -7, 10, 99, 100, 1_234_567_890, .max, .min] {
            #expect(JSONWriter.string(.int(n)) == String(n))
        }
    }

    @Test func nestedValuesAreCompact() {
        let value: Value = ["a": [1, "x", nil, true], "b": ["c": 2.5]]
        #expect(JSONWriter.string(value) == #"{"a":[1,"x",null,true],"b":{"c":2.5}}"#)
    }

    @Test func eventIsWrittenWithTimestampFirstAndWithoutMetadata() throws {
        var event = Event(message: "hi", timestamp: Timestamp(epochMilliseconds: 1_705_314_600_123))
        event.metadata["secret"] = "no"
        #expect(event.jsonString == #"{"@timestamp":"2024-01-15T10:30:00.123Z","@version":"1","message":"hi"}"#)
    }

    @Test func parsedEventWritesBackItsFields() throws {
        let line = #"{"timestamp":"2024-01-15T10:30:00.123Z","level":"INFO","line":212,"ratio":0.5,"tags":["a"]}"#
        let event = try Array(line.utf8).withUnsafeBytes { try Event(json: $0, now: Timestamp(epochSeconds: 0)) }
        #expect(
            event.jsonString
                == #"{"@timestamp":"1970-01-01T00:00:00.000Z","timestamp":"2024-01-15T10:30:00.123Z","level":"INFO","line":212,"ratio":0.5,"tags":["a"],"@version":"1"}"#
        )
    }
}
