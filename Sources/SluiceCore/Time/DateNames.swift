/// Month and day names a date pattern reads and writes, lower-cased for matching.
public struct DateNames: Sendable, Hashable {
    /// January ... December.
    public var months: [String]
    public var shortMonths: [String]
    /// Monday ... Sunday.
    public var days: [String]
    public var shortDays: [String]
    /// The same names as UTF-8 bytes, full names first: what parsing compares against.
    let monthBytes: [[UInt8]]
    let dayBytes: [[UInt8]]

    public init(months: [String], shortMonths: [String], days: [String], shortDays: [String]) {
        self.months = months.map { $0.lowercased() }
        self.shortMonths = shortMonths.map { $0.lowercased() }
        self.days = days.map { $0.lowercased() }
        self.shortDays = shortDays.map { $0.lowercased() }
        monthBytes = (self.months + self.shortMonths).map { Array($0.utf8) }
        dayBytes = (self.days + self.shortDays).map { Array($0.utf8) }
    }

    public static let english = DateNames(
        months: DatePattern.monthNames, shortMonths: DatePattern.monthNames.map { String($0.prefix(3)) },
        days: DatePattern.dayNames, shortDays: DatePattern.dayNames.map { String($0.prefix(3)) })
}
