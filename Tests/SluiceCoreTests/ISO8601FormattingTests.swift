import SluiceCore
import SluiceTestSupport
import Testing

/// `Timestamp.appendISO8601`: texts in Logstash's shape, built here field by field, read and
/// written back unchanged; the word-wise path (years 0...9999, any fraction) and the byte-wise one
/// (wider years) alike, with and without a kept `ISO8601Prefix`.
@Suite struct ISO8601FormattingTests {
    static func digits(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    @Test func textsInLogstashsShapeComeBackUnchanged() throws {
        var g = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let year = Int.random(in: 0...9999, using: &g)
            let month = Int.random(in: 1...12, using: &g)
            let day = Int.random(in: 1...ISO8601ParsingTests.daysIn(year: year, month: month), using: &g)
            let fraction: String
            switch Int.random(in: 0..<4, using: &g) {
            case 0: fraction = "000"
            case 1: fraction = Self.digits(Int.random(in: 0...999, using: &g), 3)
            case 2: fraction = Self.digits(Int.random(in: 0...999_999, using: &g), 6)
            default: fraction = Self.digits(Int.random(in: 0...999_999_999, using: &g), 9)
            }
            // Finer fractions are printed with as few digit groups as they need (.123000 → .123).
            var printed = fraction
            while printed.count > 3 && printed.hasSuffix("000") { printed.removeLast(3) }
            let date = "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))T"
            let time = "\(Self.digits(Int.random(in: 0...23, using: &g), 2)):\(Self.digits(Int.random(in: 0...59, using: &g), 2)):"
                + Self.digits(Int.random(in: 0...59, using: &g), 2)
            let text = date + time + "." + fraction + "Z"
            let expected = date + time + "." + printed + "Z"
            let stamp = try #require(Timestamp(iso8601: text), "\(text)")
            #expect(stamp.iso8601String == expected)
            var sink = ByteSink()
            sink.append(literal: "x")
            stamp.appendISO8601(to: &sink)
            #expect(sink.string == "x" + expected)
        }
    }

    @Test func widerYearsKeepJavasShape() {
        #expect(Timestamp(epochSeconds: -62_198_755_200).iso8601String == "-0001-01-01T00:00:00.000Z")
        #expect(Timestamp(epochSeconds: 253_402_300_800).iso8601String == "+10000-01-01T00:00:00.000Z")
        #expect(Timestamp(epochSeconds: 0, nanoseconds: 1).iso8601String == "1970-01-01T00:00:00.000000001Z")
    }

    @Test func aKeptPrefixGivesTheSameTextsAsFormattingEachAlone() {
        // Runs of one second (as in a batch), second and day changes, and wide years between them
        // (which the prefix cannot hold): one `ISO8601Prefix` for all, each text as if alone.
        var g = SplitMix(seed: 7)
        var cache = ISO8601Prefix()
        var sink = ByteSink()
        var expected = ""
        var second: Int64 = 1_705_312_799
        for _ in 0..<5_000 {
            switch Int.random(in: 0..<10, using: &g) {
            case 0: second += 86_400
            case 1: second += 1
            case 2: second = Int64.random(in: -70_000_000_000...300_000_000_000, using: &g)
            default: break
            }
            let nanos: Int32 = [0, 123_000_000, 123_456_000, 123_456_789, 1][Int.random(in: 0..<5, using: &g)]
            let stamp = Timestamp(epochSeconds: second, nanoseconds: nanos)
            stamp.appendISO8601(to: &sink, reusing: &cache)
            sink.append(UInt8(ascii: " "))
            expected += stamp.iso8601String + " "
        }
        #expect(sink.string == expected)
    }
}
