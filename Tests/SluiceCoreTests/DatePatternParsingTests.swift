import Testing

@testable import SluiceCore

/// `DatePattern.parse` over its compiled steps and name tables.
struct DatePatternParsingTests {
    func parse(_ pattern: String, _ text: String, names: DateNames = .english) throws -> ParsedDate? {
        let compiled = try DatePattern(pattern, dialect: .joda)
        return Array(text.utf8).withUnsafeBytes { compiled.parse($0, names: names) }
    }

    @Test func readsEveryFieldOfAnAccessLogDate() throws {
        let parsed = try #require(try parse("dd/MMM/yyyy:HH:mm:ss Z", "05/Feb/2024:07:08:09 -0130"))
        #expect(parsed.year == 2024)
        #expect(parsed.month == 2)
        #expect(parsed.day == 5)
        #expect((parsed.hour, parsed.minute, parsed.second) == (7, 8, 9))
        #expect(parsed.offsetSeconds == -5_400)
        #expect(parsed.isPM == nil)
        #expect(parsed.dayOfYear == nil)
        #expect(parsed.zoneIDCount == 0)
    }

    @Test func adjacentNumbersHaveFixedWidths() throws {
        let parsed = try #require(try parse("yyyyMMddHHmmss", "20240131235958"))
        #expect((parsed.year, parsed.month, parsed.day) == (2024, 1, 31))
        #expect((parsed.hour, parsed.minute, parsed.second) == (23, 59, 58))
        // MM takes exactly two digits ("13", refused later as a month); the last field may be short.
        #expect(try parse("yyyyMMdd", "2024131")?.month == 13)
        #expect(try parse("yyyyMMdd", "2024131")?.civil(defaultYear: 1970) == nil)
        #expect(try parse("yyyyMMdd", "202401") == nil)
    }

    @Test func literalsAndLengthMustFitExactly() throws {
        #expect(try parse("yyyy-MM-dd'T'HH", "2024-01-02T03") != nil)
        #expect(try parse("yyyy-MM-dd'T'HH", "2024-01-02 03") == nil)
        #expect(try parse("yyyy-MM-dd", "2024-01-02 ") == nil)
        #expect(try parse("yyyy-MM-dd", "2024-01") == nil)
    }

    @Test func monthNamesMatchTheLongestWithoutCase() throws {
        #expect(try parse("MMM d", "SEPTEMBER 3")?.month == 9)
        #expect(try parse("MMM d", "sep 3")?.month == 9)
        #expect(try parse("MMMM d yyyy", "May 3 2024")?.month == 5)
        #expect(try parse("EEE MMM d", "Thursday Jan 4")?.month == 1)
        #expect(try parse("MMM d", "Sepx 3") == nil)
    }

    @Test func namesOfALocaleWithSharedPrefixes() throws {
        // French: "juin" and "juil." share a prefix; "mars" is both short and full.
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let short = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"]
        let days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        let names = DateNames(months: months, shortMonths: short, days: days, shortDays: days.map { String($0.prefix(3)) })
        #expect(try parse("d MMM yyyy", "4 juil 2024", names: names)?.month == 7)
        #expect(try parse("d MMMM yyyy", "4 Juillet 2024", names: names)?.month == 7)
        #expect(try parse("d MMM yyyy", "4 juin 2024", names: names)?.month == 6)
        #expect(try parse("d MMM yyyy", "4 FÉVRIER 2024", names: names) == nil)  // only ASCII letters fold case
        #expect(try parse("d MMM yyyy", "4 février 2024", names: names)?.month == 2)
    }

    @Test func halfDayAndZoneID() throws {
        let text = "9:15 PM Europe/Paris"
        let parsed = try #require(try parse("h:mm a ZZZ", text))
        #expect(parsed.isPM == true)
        #expect(Array(text.utf8).withUnsafeBytes { parsed.zoneID(in: $0) } == "Europe/Paris")
        #expect(parsed.civil(defaultYear: 2024)?.hour == 21)
    }
}
