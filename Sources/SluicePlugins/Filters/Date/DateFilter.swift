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
    /// Every pattern reads strings only (ISO8601, Joda): a string field is then handed to them as bytes.
    let matchersReadText: Bool
    /// Zones already looked up for `timezone => "%{field}"`: a handful of names repeat across events,
    /// and a named zone lookup costs far more than the parse.
    var zonesByName: [String: DateZone?] = [:]

    /// The zone of dates without an offset: fixed at config time, or read per event (`%{field}`).
    enum Zone: Sendable, Equatable {
        case fixed(DateZone)
        case perEvent(Template)
    }

    public init(options: DateFilterOptions) {
        source = options.source
        matchers = options.matchers
        matchersReadText = matchers.allSatisfy(\.readsText)
        target = options.target
        targetIsTimestamp = target.isTimestamp
        zone = options.zone
        tagOnFailure = options.tagOnFailure
        keepNanoseconds = options.keepNanoseconds
        common = options.common
        hasCommonOptions = !common.isEmpty
    }

    /// `DateZone(name:)`, remembered; the memory is dropped if a field holds too many different names.
    private mutating func zone(named name: String) -> DateZone? {
        if let known = zonesByName[name] { return known }
        if zonesByName.count >= 256 { zonesByName.removeAll(keepingCapacity: true) }
        let found = DateZone(name: name)
        zonesByName[name] = found
        return found
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        // Through a buffer pointer: reading a field of `events[i]` then borrows the event in
        // place instead of copying it.
        events.withUnsafeMutableBufferPointer { events in
            for i in events.indices { filter(&events[i], context: context) }
        }
    }

    private mutating func filter(_ event: inout Event, context: FilterContext) {
        let found: Timestamp??
        switch zone {
        case .fixed(let fixed):
            found = DateFilter.read(event, at: source, matchers: matchers, readText: matchersReadText, zone: fixed, now: context.now)
        case .perEvent(let template):
            if let named = zone(named: template.render(event)) {
                found = DateFilter.read(event, at: source, matchers: matchers, readText: matchersReadText, zone: named, now: context.now)
            } else {
                // An unknown zone name: a date that is there cannot be read.
                guard let value = event[source], !value.isNull else { return }
                found = .some(nil)
            }
        }
        guard let found else { return }  // a missing or null field is left alone
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

    /// The instant the first matching pattern reads from the field at `path`: `nil` when the
    /// field is missing or null, `.some(nil)` when no pattern reads it.
    ///
    /// Static, so that the closures here capture these arguments and not a copy of the filter.
    private static func read(
        _ event: Event, at path: FieldPath, matchers: [DateMatcher], readText: Bool, zone: DateZone, now: Timestamp
    ) -> Timestamp?? {
        // A string is read from its bytes in place (still unread JSON text, or a string value).
        if readText {
            if let found = event.withStringBytes(at: path, { match(text: $0, matchers: matchers, zone: zone, now: now) }) { return found }
        } else if let unread = event.withUnreadText(at: path, { match(text: $0, matchers: matchers, zone: zone, now: now) }) {
            return unread
        }
        guard let value = event[path], !value.isNull else { return nil }
        for matcher in matchers {
            if let found = matcher.match(value, zone: zone, now: now) { return found }
        }
        return .some(nil)
    }

    private static func match(text: UnsafeRawBufferPointer, matchers: [DateMatcher], zone: DateZone, now: Timestamp) -> Timestamp? {
        for matcher in matchers {
            if let found = matcher.match(text: text, zone: zone, now: now) { return found }
        }
        return nil
    }
}
