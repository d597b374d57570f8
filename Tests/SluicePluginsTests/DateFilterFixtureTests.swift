import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// Real log timestamps through the date filter.
@Suite struct DateFilterFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let patterns: String
        let timezone: String
        let input: Value
        let expected: String
        var testDescription: String { "\(patterns) ← \(input)" }
    }

    static let cases: [Case] = [
        // nginx / apache access logs
        Case(patterns: #""dd/MMM/yyyy:HH:mm:ss Z""#, timezone: "UTC", input: "15/Jan/2024:10:30:00 +0100", expected: "2024-01-15T09:30:00.000Z"),
        Case(patterns: #""dd/MMM/yyyy:HH:mm:ss Z""#, timezone: "UTC", input: "01/Dec/2023:23:59:59 -0800", expected: "2023-12-02T07:59:59.000Z"),
        // syslog, one- and two-digit days (year from the clock: 2024)
        Case(patterns: #""MMM  d HH:mm:ss", "MMM dd HH:mm:ss""#, timezone: "UTC", input: "Feb  3 04:05:06", expected: "2024-02-03T04:05:06.000Z"),
        Case(patterns: #""MMM  d HH:mm:ss", "MMM dd HH:mm:ss""#, timezone: "UTC", input: "Feb 13 04:05:06", expected: "2024-02-13T04:05:06.000Z"),
        Case(patterns: #""MMM dd HH:mm:ss""#, timezone: "Europe/Berlin", input: "Jul 04 12:00:00", expected: "2024-07-04T10:00:00.000Z"),
        // Python datetime.isoformat() without a zone, in the configured zone
        Case(patterns: #""ISO8601""#, timezone: "UTC", input: "2024-01-15T10:30:00.123456", expected: "2024-01-15T10:30:00.123Z"),
        Case(patterns: #""ISO8601""#, timezone: "America/New_York", input: "2024-07-15T10:30:00", expected: "2024-07-15T14:30:00.000Z"),
        // Java / log4j
        Case(patterns: #""yyyy-MM-dd HH:mm:ss,SSS""#, timezone: "UTC", input: "2024-01-15 10:30:00,987", expected: "2024-01-15T10:30:00.987Z"),
        Case(patterns: #""yyyy-MM-dd'T'HH:mm:ss.SSSZZ""#, timezone: "UTC", input: "2024-01-15T10:30:00.987+05:30", expected: "2024-01-15T05:00:00.987Z"),
        // 12-hour clocks
        Case(patterns: #""MM/dd/yyyy hh:mm:ss a""#, timezone: "UTC", input: "01/15/2024 12:05:00 AM", expected: "2024-01-15T00:05:00.000Z"),
        Case(patterns: #""MM/dd/yyyy hh:mm:ss a""#, timezone: "UTC", input: "01/15/2024 01:05:00 pm", expected: "2024-01-15T13:05:00.000Z"),
        // epochs
        Case(patterns: #""UNIX""#, timezone: "UTC", input: "1705314600", expected: "2024-01-15T10:30:00.000Z"),
        Case(patterns: #""UNIX_MS""#, timezone: "UTC", input: .int(1_705_314_600_123), expected: "2024-01-15T10:30:00.123Z"),
        Case(patterns: #""UNIX""#, timezone: "UTC", input: .double(1_705_314_600.5), expected: "2024-01-15T10:30:00.500Z"),
        // day of year, full month names, day names
        Case(patterns: #""yyyy-DDD""#, timezone: "UTC", input: "2024-046", expected: "2024-02-15T00:00:00.000Z"),
        Case(patterns: #""EEEE, dd MMMM yyyy HH:mm""#, timezone: "UTC", input: "Monday, 15 January 2024 10:30", expected: "2024-01-15T10:30:00.000Z"),
    ]

    @Test(arguments: cases)
    func realLogTimestampsParse(_ fixture: Case) throws {
        let block = "date { match => [\"t\", \(fixture.patterns)] timezone => \"\(fixture.timezone)\" }"
        var filter = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        var events = [Event(constructingFrom: ["t": fixture.input], now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "date", now: Timestamp(iso8601: "2024-03-01T00:00:00Z")!))
        #expect(events[0].timestamp?.iso8601String == fixture.expected)
        #expect(events[0].tags.isEmpty)
    }

    @Test func nanosecondPrecisionKeepsEveryDigit() throws {
        let block = #"date { match => ["t", "ISO8601"] precision => "ns" }"#
        var filter = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        var events = [Event(constructingFrom: ["t": "2024-01-15T10:30:00.123456789Z"], now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "date", now: .now()))
        #expect(events[0].timestamp?.iso8601String == "2024-01-15T10:30:00.123456789Z")
    }

    /// `timezone => "%{field}"`: each event's own zone; an unknown name fails a date that is
    /// there (with the tag) and leaves an event without the date alone.
    @Test func aZoneFromAFieldAppliesPerEvent() throws {
        let block = #"date { match => ["t", "ISO8601", "dd/MMM/yyyy:HH:mm:ss"] timezone => "%{tz}" }"#
        var filter = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        let now = Timestamp(epochSeconds: 7)
        var events = [
            Event(constructingFrom: ["t": "2024-07-15T10:30:00", "tz": "America/New_York"], now: now),
            Event(constructingFrom: ["t": "15/Jul/2024:10:30:00", "tz": "+02:00"], now: now),
            Event(constructingFrom: ["t": "2024-07-15T10:30:00Z", "tz": "Europe/Berlin"], now: now),
            Event(constructingFrom: ["t": "2024-07-15T10:30:00", "tz": "Nowhere/Special"], now: now),
            Event(constructingFrom: ["tz": "Nowhere/Special"], now: now),
        ]
        filter.filter(&events, context: FilterContext(stageID: "date", now: .now()))
        #expect(events[0].timestamp?.iso8601String == "2024-07-15T14:30:00.000Z")
        #expect(events[1].timestamp?.iso8601String == "2024-07-15T08:30:00.000Z")
        #expect(events[2].timestamp?.iso8601String == "2024-07-15T10:30:00.000Z")
        #expect(events[3].tags == ["_dateparsefailure"] && events[3].timestamp == now)
        #expect(events[4].tags.isEmpty && events[4].timestamp == now)
    }

    @Test func arraysAndNumbersForTextPatternsFailWithATag() throws {
        let block = #"date { match => ["t", "ISO8601", "dd/MMM/yyyy"] }"#
        var filter = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        var events = [
            Event(constructingFrom: ["t": ["2024-01-15T10:30:00Z"]], now: Timestamp(epochSeconds: 7)),
            Event(constructingFrom: ["t": 1_705_314_600], now: Timestamp(epochSeconds: 7)),
            Event(constructingFrom: ["other": 1], now: Timestamp(epochSeconds: 7)),
        ]
        filter.filter(&events, context: FilterContext(stageID: "date", now: .now()))
        #expect(events[0].tags == ["_dateparsefailure"] && events[0].timestamp == Timestamp(epochSeconds: 7))
        #expect(events[1].tags == ["_dateparsefailure"])
        #expect(events[2].tags.isEmpty && events[2].timestamp == Timestamp(epochSeconds: 7))  // missing: no-op
    }
}

/// Random text and bytes through the json and date filters: tags, never a crash.
@Suite struct FilterFuzzTests {
    @Test func tenThousandRandomInputsOnlyEverTagEvents() throws {
        var json = try JSONFilter(options: try StageMaker.options(.filter, #"json { source => "m" }"#, catalog: BuiltinPlugins.catalog))
        var date = try DateFilter(
            options: try StageMaker.options(
                .filter, #"date { match => ["m", "ISO8601", "UNIX", "UNIX_MS", "TAI64N", "dd/MMM/yyyy:HH:mm:ss Z", "MMM  d HH:mm:ss", "yyyy-DDD"] }"#,
                catalog: BuiltinPlugins.catalog))
        var generator = SplitMix(seed: 2024)
        let alphabet = Array("{}[]\":,0123456789.-+eEtrufalsn \\/uZT:Jan".utf8) + [0x00, 0xFF, 0xC3, 0xA9, 0x0A]
        var events: [Event] = []
        for i in 0..<10_000 {
            let length = Int(generator.next() % 40)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                bytes.append(i.isMultiple(of: 2) ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: generator.next()))
            }
            events.append(Event(constructingFrom: ["m": .string(String(decoding: bytes, as: UTF8.self))], now: Timestamp(epochSeconds: 0)))
        }
        let context = FilterContext(stageID: "fuzz", now: .now())
        var copy = events
        json.filter(&copy, context: context)
        #expect(copy.count == events.count)
        date.filter(&events, context: context)
        #expect(events.count == 10_000)
        for event in events where event.timestamp != Timestamp(epochSeconds: 0) {
            #expect(!event.hasTag("_dateparsefailure"))
        }
    }
}
