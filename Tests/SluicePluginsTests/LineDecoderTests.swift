import SluiceCore
import SluicePlugins
import Testing

@Suite struct LineDecoderTests {
    func decode(_ chunks: [String], max: Int = 16, format: LineDecoder.Format = .line) -> [Event] {
        var decoder = LineDecoder(format: format, maxLineBytes: max)
        var events: [Event] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { decoder.decode($0, now: Timestamp(epochSeconds: 0), into: &events) }
        }
        decoder.finish(now: Timestamp(epochSeconds: 0), into: &events)
        return events
    }

    /// The file input's way: lines split into one block as they are read, events made later.
    func splitThenMake(_ chunks: [String], max: Int = 16, format: LineDecoder.Format = .line) -> [Event] {
        var decoder = LineDecoder(format: format, maxLineBytes: max)
        var block = LineBlock()
        for chunk in chunks { Array(chunk.utf8).withUnsafeBytes { decoder.split($0, into: &block) } }
        decoder.finish(into: &block)
        var events: [Event] = []
        block.appendEvents(format: format, now: Timestamp(epochSeconds: 0), reader: nil, into: &events)
        return events
    }

    @Test(arguments: [
        ["ab", "c\r\nde", "f\n", "tail"], ["0123456789abcdefXYZ\nok\n"], ["0123456789", "abcdefXYZ", "more\nok\r\n"],
        ["0123456789abcdefXYZ", "\nok\n"], ["{\"a\":1}\n", "  \n", "not json\n{\"b\":", "2}"], ["", "\n\n"],
        ["a\nbb\n0123456789abcdefXYZ\nc\n0123456789abcdef\n\r\nd"], ["x", "\ny\nz", "z\n0123456789abcdef", "XYZ\nw\n"],
    ])
    func splittingIntoABlockThenMakingEventsIsTheSameAsDecoding(_ chunks: [String]) {
        for format in [LineDecoder.Format.line, .jsonLines] {
            let direct = decode(chunks, format: format)
            let deferred = splitThenMake(chunks, format: format)
            #expect(deferred == direct, "\(format)")
            #expect(deferred.map(\.tags) == direct.map(\.tags))
        }
        #expect(!splitThenMake(chunks).isEmpty || chunks.joined().utf8.allSatisfy { $0 == 0x0A })
    }

    /// Whole lines are copied in runs; a line over the limit in the middle of a chunk ends a run.
    @Test func aLongLineInsideAChunkIsCutBetweenRunsOfWholeLines() {
        let events = decode(["a\nbb\n0123456789abcdefXYZ\nc\n0123456789abcdef\n\r\nd"])
        #expect(events.map { $0.fields["message"]! } == ["a", "bb", "0123456789abcdef", "c", "0123456789abcdef", "", "d"])
        #expect(events.map { $0.tags } == [[], [], ["_linetoolong"], [], [], [], []])
    }

    @Test func anotherDelimiterSplitsLines() {
        var decoder = LineDecoder(format: .line, delimiter: UInt8(ascii: "|"))
        var events: [Event] = []
        Array("a|b\nc||d".utf8).withUnsafeBytes { decoder.decode($0, now: Timestamp(epochSeconds: 0), into: &events) }
        decoder.finish(now: Timestamp(epochSeconds: 0), into: &events)
        #expect(events.map { $0.fields["message"]! } == ["a", "b\nc", "", "d"])
    }

    @Test func linesSplitAcrossChunksAreJoinedAndCRLFIsTrimmed() {
        let events = decode(["ab", "c\r\nde", "f\n", "tail"])
        #expect(events.map { $0.fields["message"]! } == ["abc", "def", "tail"])
    }

    @Test(arguments: [
        ["0123456789abcdefXYZ\nok\n"],  // too long within one chunk
        ["0123456789", "abcdefXYZ", "more\nok\n"],  // too long across chunks
        ["0123456789abcdefXYZ", "\nok\n"],  // cut at a chunk end, delimiter in the next
    ])
    func aTooLongLineIsCutTaggedAndTheRestSkipped(_ chunks: [String]) {
        let events = decode(chunks)
        #expect(events.map { $0.fields["message"]! } == ["0123456789abcdef", "ok"])
        #expect(events[0].tags == ["_linetoolong"])
        #expect(events[1].tags.isEmpty)
    }

    @Test func memoryStaysBoundedOnAStreamWithoutNewlines() {
        var decoder = LineDecoder(format: .line, maxLineBytes: 1024)
        var events: [Event] = []
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        for _ in 0..<800 {  // 50 MB without a newline
            chunk.withUnsafeBytes { decoder.decode($0, now: Timestamp(epochSeconds: 0), into: &events) }
            #expect(decoder.pendingCount <= 1024)
        }
        #expect(events.count == 1)
        #expect(events[0].tags == ["_linetoolong"])
    }
}
