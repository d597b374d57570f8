/// Month and day names a date pattern reads and writes, lower-cased for matching.
public struct DateNames: Sendable, Hashable {
    /// January ... December.
    public var months: [String]
    public var shortMonths: [String]
    /// Monday ... Sunday.
    public var days: [String]
    public var shortDays: [String]
    /// The same names laid out for parsing: full names first (index % 12 or % 7 is the month or day).
    let monthTable: DateNameTable
    let dayTable: DateNameTable

    public init(months: [String], shortMonths: [String], days: [String], shortDays: [String]) {
        self.months = months.map { $0.lowercased() }
        self.shortMonths = shortMonths.map { $0.lowercased() }
        self.days = days.map { $0.lowercased() }
        self.shortDays = shortDays.map { $0.lowercased() }
        monthTable = DateNameTable(self.months + self.shortMonths)
        dayTable = DateNameTable(self.days + self.shortDays)
    }

    public static let english = DateNames(
        months: DatePattern.monthNames, shortMonths: DatePattern.monthNames.map { String($0.prefix(3)) },
        days: DatePattern.dayNames, shortDays: DatePattern.dayNames.map { String($0.prefix(3)) })
}
