import Foundation
public import SluiceConfig
public import SluiceCore

/// `filter { date { match => [field, pattern...] } }` with Logstash's behaviour (date filter
/// 3.1.15, ../shared/SPEC/logstash.md §6): patterns tried in order; a missing or null field is left
/// alone; success sets `target` and applies the common options; failure adds `tag_on_failure`.
public struct DateFilter: Filter {
    let source: FieldPath
    let matchers: [DateMatcher]
    let target: FieldPath
    let zone: Zone
    let tagOnFailure: [String]
    let keepNanoseconds: Bool
    let common: CommonFilterOptions
    /// Decided once: most configs write `@timestamp` and set no common options.
    let targetIsTimestamp: Bool
    let hasCommonOptions: Bool
    /// Zones already looked up for `timezone => "%{field}"`: a handful of names repeat across events,
    /// and a named zone lookup costs far more than the parse.
    var zonesByName: [String: DateZone?] = [:]

    /// The zone of dates without an offset: fixed at config time, or read per event (`%{field}`).
    enum Zone {
        case fixed(DateZone)
        case perEvent(Template)
    }

    public init(stage: CheckedStage) throws {
        let options = stage.options
        let match = options.strings("match") ?? []
        guard match.count >= 2 else { throw PipelineConfigurationError("date: match needs a field and a pattern") }
        source = try FieldPath(parsing: match[0])
        let names = DateFilter.names(locale: options.string("locale"))
        matchers = try match.dropFirst().map { try DateMatcher($0, names: names) }
        target = try FieldPath(parsing: options.string("target") ?? "@timestamp")
        targetIsTimestamp = target.isTimestamp
        if let name = options.string("timezone") {
            if name.contains("%{") {
                zone = .perEvent(try Template(name))
            } else {
                guard let fixed = DateZone(name: name) else {
                    throw PipelineConfigurationError("date: unknown timezone \"\(name)\"")
                }
                zone = .fixed(fixed)
            }
        } else {
            zone = .fixed(.system)
        }
        tagOnFailure = options.strings("tag_on_failure") ?? ["_dateparsefailure"]
        keepNanoseconds = options.string("precision") == "ns"
        common = try CommonFilterOptions(options)
        hasCommonOptions = !common.isEmpty
    }

    /// Month and day names: English, or the locale's (BCP-47, `fr-FR`; `fr_FR` is accepted too).
    static func names(locale: String?) -> DateNames {
        guard let locale, !locale.hasPrefix("en") else { return .english }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale.replacingOccurrences(of: "_", with: "-"))
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

    /// `DateZone(name:)`, remembered; the memory is dropped if a field holds too many different names.
    private mutating func zone(named name: String) -> DateZone? {
        if let known = zonesByName[name] { return known }
        if zonesByName.count >= 256 { zonesByName.removeAll(keepingCapacity: true) }
        let found = DateZone(name: name)
        zonesByName[name] = found
        return found
    }

    private enum Input {
        case value(Value)
        case text(UnsafeRawBufferPointer)
    }

    /// The instant the first matching pattern reads, in `zone`.
    private func match(_ input: Input, zone eventZone: DateZone?, now: Timestamp) -> Timestamp? {
        guard let eventZone else { return nil }
        for matcher in matchers {
            let found: Timestamp?
            switch input {
            case .value(let value): found = matcher.match(value, zone: eventZone, now: now)
            case .text(let text): found = matcher.match(text: text, zone: eventZone, now: now)
            }
            if let found { return found }
        }
        return nil
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        // Through a buffer pointer: reading a field of `events[i]` then borrows the event in
        // place instead of copying it.
        events.withUnsafeMutableBufferPointer { events in
            for i in events.indices { filter(&events[i], context: context) }
        }
    }

    private mutating func filter(_ event: inout Event, context: FilterContext) {
        let eventZone: DateZone?
        switch zone {
        case .fixed(let fixed): eventZone = fixed
        case .perEvent(let template): eventZone = zone(named: template.render(event))
        }
        // A string still unread in the event (merged by the json filter) is parsed from its bytes.
        let unread = event.withUnreadText(at: source) { text in
            match(.text(text), zone: eventZone, now: context.now)
        }
        let found: Timestamp?
        if let unread {
            found = unread
        } else {
            guard let value = event[source], !value.isNull else { return }
            found = match(.value(value), zone: eventZone, now: context.now)
        }
        guard var timestamp = found else {
            for tag in tagOnFailure { event.tag(tag) }
            return
        }
        if !keepNanoseconds { timestamp = timestamp.truncatedToMilliseconds }
        if targetIsTimestamp {
            event.timestamp = timestamp
        } else {
            try? event.set(target, to: .timestamp(timestamp))
        }
        if hasCommonOptions { common.apply(to: &event) }
    }
}
