/// A proleptic Gregorian date and time of day, the broken-down form of a `Timestamp` at some
/// UTC offset. Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days`
/// algorithms: exact for every year, no tables, no Foundation.
public struct CivilDateTime: Sendable, Hashable {
    public var year: Int64
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int

    public init(year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0)
    {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// Breaks `timestamp` down at `offsetSeconds` east of UTC.
    @inlinable
    public init(_ timestamp: Timestamp, offsetSeconds: Int = 0) {
        let local = timestamp.epochSeconds + Int64(offsetSeconds)
        var days = local / 86_400
        var secondOfDay = local % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (y, m, d) = CivilDateTime.civil(fromDays: days)
        self.init(
            year: y, month: m, day: d, hour: Int(secondOfDay / 3600), minute: Int(secondOfDay / 60 % 60),
            second: Int(secondOfDay % 60), nanosecond: Int(timestamp.nanoseconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    @inlinable
    public static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    @inlinable
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The instant this date and time denote at `offsetSeconds` east of UTC.
    @inlinable
    public func timestamp(offsetSeconds: Int = 0) -> Timestamp {
        let days = CivilDateTime.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Timestamp(epochSeconds: seconds, nanoseconds: Int32(nanosecond))
    }

    /// Days since the epoch of this date.
    public var epochDay: Int64 { CivilDateTime.days(year: year, month: month, day: day) }

    /// ISO day of week: 1 = Monday ... 7 = Sunday.
    public var isoDayOfWeek: Int {
        let d = epochDay  // 1970-01-01 was a Thursday (4)
        var r = (d + 3) % 7
        if r < 0 { r += 7 }
        return Int(r) + 1
    }

    /// Day of the year, 1...366.
    public var dayOfYear: Int {
        Int(epochDay - CivilDateTime.days(year: year, month: 1, day: 1)) + 1
    }

    /// Whether `year` is a leap year in the proleptic Gregorian calendar.
    @inlinable
    public static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year`.
    @inlinable
    public static func daysInMonth(year: Int64, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
