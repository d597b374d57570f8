import Foundation
import SluiceConfig
import SluiceCore

/// The date filter's options, decoded: the source field, every pattern compiled with the locale's
/// names, and the zone resolved (or its `%{field}` template compiled).
public struct DateFilterOptions: Sendable, Equatable {
    let source: FieldPath
    let matchers: [DateMatcher]
    let target: FieldPath
    let zone: DateFilter.Zone
    let tagOnFailure: [String]
    let keepNanoseconds: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let match = reader.strings("match")
        if match.count < 2 {
            reader.problem("match", "match needs a field and at least one pattern", hint: "match => [\"timestamp\", \"ISO8601\"]")
        }
        let source = match.first.flatMap { reader.fieldPath($0, setting: "match") }
        let names = DateFilterOptions.names(&reader)
        matchers = match.dropFirst().compactMap { text in
            if text.isEmpty {
                reader.problem("match", "a date pattern is empty")
                return nil
            }
            return reader.attempt("match") {
                do {
                    return try DateMatcher(text, names: names)
                } catch {
                    throw OptionError(
                        setting: "match", "\(error)",
                        hint: "Joda letters: yyyy MM dd HH mm ss SSS Z ZZ ZZZ EEE MMM a; or ISO8601, UNIX, UNIX_MS, TAI64N")
                }
            }
        }
        let target = reader.fieldPath("target")
        if let name = reader.optionalString("timezone") {
            if name.contains("%{") {
                zone = reader.template(name, setting: "timezone").map(DateFilter.Zone.perEvent) ?? .fixed(.fixed(0))
            } else if let fixed = DateZone(name: name) {
                zone = .fixed(fixed)
            } else {
                let close = Suggestion.closest(to: name, in: TimeZone.knownTimeZoneIdentifiers)
                reader.problem(
                    "timezone", "unknown time zone \"\(name)\"" + (close.map { " (did you mean \"\($0)\"?)" } ?? ""),
                    hint: "an IANA name (Europe/Paris), UTC, or an offset (+01:00)")
                zone = .fixed(.fixed(0))
            }
        } else {
            zone = .fixed(.system)
        }
        tagOnFailure = reader.strings("tag_on_failure")
        keepNanoseconds = reader.string("precision") == "ns"
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
        self.target = target!
    }

    /// Month and day names: English, or the locale's (BCP-47, `fr-FR`; `fr_FR` is accepted too).
    /// A locale the platform does not know is a problem at `locale`.
    static func names(_ reader: inout OptionReader) -> DateNames {
        guard let locale = reader.optionalString("locale"), !locale.hasPrefix("en") else { return .english }
        let identifier = locale.replacingOccurrences(of: "-", with: "_")
        let language = String(identifier.prefix { $0 != "_" })
        let known = Locale.availableIdentifiers
        guard known.contains(identifier) || known.contains(language) else {
            reader.problem("locale", "unknown locale \"\(locale)\"", hint: "a language, or language and region: fr, fr-FR, de-CH")
            return .english
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: identifier)
        let months: [String] = formatter.monthSymbols
        let shortMonths: [String] = formatter.shortMonthSymbols
        let days: [String] = formatter.weekdaySymbols
        let shortDays: [String] = formatter.shortWeekdaySymbols
        guard months.count == 12, shortMonths.count == 12, days.count == 7, shortDays.count == 7 else { return .english }
        // Foundation lists days from Sunday; DateNames from Monday.
        let rotate = { (list: [String]) in Array(list.dropFirst()) + [list[0]] }
        return DateNames(
            months: months, shortMonths: shortMonths.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) },
            days: rotate(days), shortDays: rotate(shortDays).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) })
    }
}
