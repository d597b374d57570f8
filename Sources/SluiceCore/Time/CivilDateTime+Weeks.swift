/// Week-based years and weeks, for the `x`/`w` (Joda, ISO rules) and `Y`/`w` (java.time, locale
/// rules) pattern letters.
extension CivilDateTime {
    /// Rules for numbering weeks: the first day of a week (ISO numbering, 1 = Monday) and how many
    /// days of a new year the first week must hold.
    public struct WeekRules: Sendable, Hashable {
        public var firstDayOfWeek: Int
        public var minimalDaysInFirstWeek: Int

        /// ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday (Joda's rules).
        public static let iso = WeekRules(firstDayOfWeek: 1, minimalDaysInFirstWeek: 4)
        /// The en-US locale (the JVM default Logstash is run with): Sunday, and week 1 holds January 1.
        public static let unitedStates = WeekRules(firstDayOfWeek: 7, minimalDaysInFirstWeek: 1)
    }

    /// The position of a day within its week under `rules`: 0 for the first day ... 6.
    func dayInWeek(_ isoDay: Int, rules: WeekRules) -> Int {
        (isoDay - rules.firstDayOfWeek + 7) % 7
    }

    /// The epoch day on which week 1 of `year` starts under `rules`.
    func startOfWeekOne(year: Int64, rules: WeekRules) -> Int64 {
        let jan1 = CivilDateTime.days(year: year, month: 1, day: 1)
        let jan1Date = CivilDateTime(year: year, month: 1, day: 1)
        let offset = Int64(dayInWeek(jan1Date.isoDayOfWeek, rules: rules))
        let start = jan1 - offset
        // The week holding Jan 1 is week 1 only if enough of it falls in the new year.
        return 7 - offset >= Int64(rules.minimalDaysInFirstWeek) ? start : start + 7
    }

    /// The week-based year and the week within it (1...53).
    public func weekBasedYearAndWeek(rules: WeekRules) -> (year: Int64, week: Int) {
        let today = epochDay
        var weekYear = year
        var start = startOfWeekOne(year: year, rules: rules)
        if today < start {
            weekYear -= 1
            start = startOfWeekOne(year: weekYear, rules: rules)
        } else {
            let next = startOfWeekOne(year: year + 1, rules: rules)
            if today >= next {
                weekYear += 1
                start = next
            }
        }
        return (weekYear, Int((today - start) / 7) + 1)
    }
}
