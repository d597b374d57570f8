import SluiceCore
import Testing

@Suite struct ByteSinkTests {
    @Test func growsPastItsInitialCapacityKeepingTheBytes() {
        var sink = ByteSink(capacity: 16)
        for i in 0..<1000 { sink.append(UInt8(i % 251)) }
        #expect(sink.count == 1000)
        #expect(sink.bytes == (0..<1000).map { UInt8($0 % 251) })
    }

    @Test func removeAllAndTruncateKeepTheMemory() {
        var sink = ByteSink(capacity: 16)
        sink.append(utf8: "hello, world")
        sink.truncate(to: 5)
        #expect(sink.string == "hello")
        sink.removeAll()
        let empty = sink.isEmpty
        #expect(empty)
        sink.append(literal: "x")
        #expect(sink.string == "x")
    }

    @Test func longStringsWithEscapesAtEveryOffsetAreWrittenCorrectly() throws {
        // Exercises the eight-byte scan: an escape at each position of a 40-byte string.
        for position in 0..<40 {
            var chars = Array(repeating: Character("a"), count: 40)
            chars[position] = "\n"
            let text = String(chars)
            let written = JSONWriter.string(.string(text))
            #expect(try JSONReader.parse(written) == .string(text))
            #expect(written.utf8.count == 43)  // 40 bytes, one more for the escape, two quotes
        }
    }
}
