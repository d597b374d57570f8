import SluiceCore
import Testing

/// The worker counts events with a failure tag (`_...failure`) for the metrics, a batch at a time.
@Suite struct FailureTagTests {
    static func event(tags: Value?) -> Event {
        var fields: OrderedObject = ["message": "m"]
        if let tags { fields["tags"] = tags }
        return Event(timestamp: nil, fields: fields)
    }

    @Test func failureTagsAreCountedAsTheEventsReportThem() {
        let events = [
            Self.event(tags: nil),
            Self.event(tags: ["_jsonparsefailure"]),
            Self.event(tags: "_dateparsefailure"),
            Self.event(tags: ["ok", "beats_input_codec_plain_applied"]),
            Self.event(tags: ["a", "_groktimeout_failure"]),
            Self.event(tags: ["_failure"]),
            Self.event(tags: ["failure_", 3]),
            Self.event(tags: 7),
        ]
        #expect(events.map(\.hasFailureTag) == [false, true, true, false, true, true, false, false])
        #expect(Event.countFailureTagged(events) == 4)
        #expect(Event.countFailureTagged([]) == 0)
    }
}
