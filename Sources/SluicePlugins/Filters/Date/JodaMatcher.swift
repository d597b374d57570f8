import SluiceCore

/// A Joda pattern of a date filter's `match`, compiled once with the month and day names of the
/// filter's locale. A class: trying a matcher per event then copies one reference, not the
/// pattern's and the names' arrays.
final class JodaMatcher: Sendable, Equatable {
    let pattern: DatePattern
    /// Logstash checks for a year with a plain substring test on the pattern text.
    let hasYear: Bool
    let names: DateNames

    static func == (a: JodaMatcher, b: JodaMatcher) -> Bool { a.pattern == b.pattern && a.names == b.names }

    init(_ text: String, names: DateNames) throws {
        pattern = try DatePattern(text, dialect: .joda)
        hasYear = text.contains("y") || text.contains("Y")
        self.names = names
    }

    /// The instant `text` stands for: its own offset or zone when it writes one, else `zone`.
    func match(text: UnsafeRawBufferPointer, zone: DateZone, now: Timestamp) -> Timestamp? {
        guard let parsed = pattern.parse(text, names: names) else { return nil }
        // Year-less dates take the clock's year: December seen in January is last year's,
        // January seen in December next year's. (The clock is read only for these patterns.)
        var year: Int64 = 1970
        if !hasYear {
            let today = CivilDateTime(now)
            year = today.year
            if parsed.month == 12 && today.month == 1 { year -= 1 }
            if parsed.month == 1 && today.month == 12 { year += 1 }
        }
        guard let civil = parsed.civil(defaultYear: year) else { return nil }
        if let offset = parsed.offsetSeconds { return civil.timestamp(offsetSeconds: offset) }
        if let id = parsed.zoneID(in: text) {
            guard let named = DateZone(name: id) else { return nil }
            return named.timestamp(from: civil)
        }
        return zone.timestamp(from: civil)
    }
}
