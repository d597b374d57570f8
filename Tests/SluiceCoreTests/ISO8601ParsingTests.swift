import SluiceCore
import Testing

/// `Timestamp(iso8601:)` against the grammar it documents, over generated texts: both the
/// word-at-a-time path (`yyyy-MM-ddTHH:mm:ss...`) and the byte-wise one (other shapes), with
/// fields out of range and single bytes spoiled.
@Suite struct ISO8601ParsingTests {
    struct Case {
        var text: String
        /// The instant the text stands for, `nil` when it must be refused.
        var expected: Timestamp?
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A text built from random fields (some out of range) with what the grammar makes of it.
    static func randomCase(_ g: inout some RandomNumberGenerator) -> Case {
        let year = Int.random(in: 0...9999, using: &g)
        let month = Int.random(in: 0...14, using: &g)
        let day = Int.random(in: 0...33, using: &g)
        let hour = Int.random(in: 0...25, using: &g)
        let minute = Int.random(in: 0...61, using: &g)
        let second = Int.random(in: 0...61, using: &g)
        var valid = (1...12).contains(month) && day >= 1 && day <= daysIn(year: year, month: month)
        var text = String(repeating: "0", count: 4 - "\(year)".count) + "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        var civil = CivilDateTime(year: Int64(year), month: max(month, 1), day: max(day, 1))
        switch Int.random(in: 0..<10, using: &g) {
        case 0:
            break  // a date alone: midnight
        case 1:
            text += "T\(twoDigits(hour)):\(twoDigits(minute))"  // no seconds
            valid = valid && hour < 24 && minute < 60
            civil.hour = hour
            civil.minute = minute
        default:
            text += ["T", "t", " "].randomElement(using: &g)! + "\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))"
            valid = valid && hour < 24 && minute < 60 && second < 60
            civil.hour = hour
            civil.minute = minute
            civil.second = second
            if Bool.random(using: &g) {
                let digits = (0..<Int.random(in: 1...12, using: &g)).map { _ in Int.random(in: 0...9, using: &g) }
                text += [".", ","].randomElement(using: &g)! + digits.map(String.init).joined()
                civil.nanosecond = (digits.prefix(9) + Array(repeating: 0, count: max(0, 9 - digits.count))).reduce(0) { $0 * 10 + $1 }
            }
        }
        let zones: [(String, Int?)] = [("", nil), ("Z", 0), ("z", 0), ("+05:30", 19_800), ("-0800", -28_800), ("+18", 64_800), ("+19", nil)]
        let (zone, offset) = zones.randomElement(using: &g)!
        text += zone
        if zone == "+19" { valid = false }
        var expected = valid ? civil.timestamp(offsetSeconds: offset ?? 0) : nil
        if Int.random(in: 0..<4, using: &g) == 0 {
            // One byte spoiled with one that fits nowhere in the grammar: always refused.
            var bytes = Array(text.utf8)
            bytes[Int.random(in: 0..<bytes.count, using: &g)] = Array("abx/#".utf8).randomElement(using: &g)!
            text = String(decoding: bytes, as: UTF8.self)
            expected = nil
        }
        return Case(text: text, expected: expected)
    }

    @Test func generatedTextsReadAsTheGrammarSays() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let c = ISO8601ParsingTests.randomCase(&g)
            #expect(Timestamp(iso8601: c.text) == c.expected, "\(c.text)")
        }
    }

    @Test func theUsualShapesRead() {
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00.123Z") == Timestamp(epochSeconds: 1_705_314_600, nanoseconds: 123_000_000))
        #expect(Timestamp(iso8601: "2024-01-15 10:30:00+01:00") == Timestamp(epochSeconds: 1_705_311_000))
        #expect(Timestamp(iso8601: "2024-02-29T23:59:59") == Timestamp(epochSeconds: 1_709_251_199))
        #expect(Timestamp(iso8601: "2023-02-29T00:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00Zjunk") == nil)
        #expect(Timestamp(iso8601: "2024-01-15T24:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00.") == nil)
    }
}
