import Foundation
import SluiceCore

/// The time zone of dates written without an offset: a fixed offset, or a named zone with its
/// daylight-saving rules (from the platform's time zone data).
///
/// A struct of an `Int` and an optional reference, so that the copies the date filter makes per
/// event are inline and, for a fixed offset, free (an enum holding a `TimeZone` was copied
/// through an outlined value witness, about 35 instructions a time, six times an event).
struct DateZone: Sendable, Equatable {
    /// Seconds east of UTC, when `named` is `nil`.
    let fixedOffset: Int
    /// A zone with daylight-saving rules.
    let named: NamedZone?

    /// A platform time zone behind one reference.
    final class NamedZone: Sendable {
        let timeZone: TimeZone
        init(_ timeZone: TimeZone) { self.timeZone = timeZone }
    }

    static func == (a: DateZone, b: DateZone) -> Bool {
        a.fixedOffset == b.fixedOffset && a.named?.timeZone.identifier == b.named?.timeZone.identifier
    }

    static func fixed(_ offset: Int) -> DateZone { DateZone(fixedOffset: offset, named: nil) }
    static func named(_ zone: TimeZone) -> DateZone { DateZone(fixedOffset: 0, named: NamedZone(zone)) }

    /// `UTC`, `Z`, `+01:00`, `-0800`, or an IANA name such as `America/Los_Angeles` or `CET`.
    private init(fixedOffset: Int, named: NamedZone?) {
        self.fixedOffset = fixedOffset
        self.named = named
    }

    init?(name: String) {
        if name == "UTC" || name == "Z" || name == "GMT" || name == "Etc/UTC" {
            self = .fixed(0)
            return
        }
        var offsetText = name
        if offsetText.hasPrefix("UTC") || offsetText.hasPrefix("GMT") { offsetText = String(offsetText.dropFirst(3)) }
        if let first = offsetText.first, first == "+" || first == "-" {
            var text = offsetText
            let offset = text.withUTF8 { bytes -> Int? in
                var i = 0
                let raw = UnsafeRawBufferPointer(bytes)
                guard let value = DatePattern.readOffset(raw, &i), i == raw.count else { return nil }
                return value
            }
            guard let offset else { return nil }
            self = .fixed(offset)
            return
        }
        guard let zone = TimeZone(identifier: name) else { return nil }
        self = .named(zone)
    }

    /// The process's zone (Logstash uses the JVM's default zone).
    static var system: DateZone {
        let zone = TimeZone.current
        return zone.identifier == "UTC" || zone.identifier == "GMT" ? .fixed(0) : .named(zone)
    }

    /// The instant a local date and time stand for in this zone; `nil` inside a daylight-saving gap
    /// (a time that does not exist there), as Joda refuses it.
    func timestamp(from local: CivilDateTime) -> Timestamp? {
        guard let zone = named?.timeZone else { return local.timestamp(offsetSeconds: fixedOffset) }
        let asUTC = local.timestamp(offsetSeconds: 0)
        func offset(at instant: Timestamp) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.epochSeconds)))
        }
        var candidate = local.timestamp(offsetSeconds: offset(at: asUTC))
        let settled = offset(at: candidate)
        candidate = local.timestamp(offsetSeconds: settled)
        // The instant must read back as the same local time (else it fell into a gap).
        guard offset(at: candidate) == settled else { return nil }
        return candidate
    }
}
