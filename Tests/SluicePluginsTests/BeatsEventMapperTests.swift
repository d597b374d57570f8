import SluiceCore
@testable import SluicePlugins
import Testing

/// The beats mapper builds each event in one pass. It must give exactly the events of the
/// straightforward way (below, `reference`): the plain codec's event from `message`, then every
/// other key of the document set on it one by one, as Logstash's beats input does.
@Suite struct BeatsEventMapperTests {
    static let now = Timestamp(epochSeconds: 1_705_000_000)

    static let documents: [String] = [
        #"{"@timestamp":"2024-01-15T10:30:00.123Z","message":"hi","host":{"name":"web-1"},"@metadata":{"beat":"filebeat","type":"_doc","version":"8.11.0"},"agent":{"type":"filebeat"}}"#,
        #"{"message":"{\"level\":\"INFO\",\"n\":1}","log":{"file":{"path":"/var/log/a.log"},"offset":42},"input":{"type":"log"}}"#,
        #"{"line":"v1 style","host":"h"}"#,
        #"{"message":"tagged","tags":["a","b"]}"#,
        #"{"message":"one tag","tags":"solo"}"#,
        #"{"message":"with event","event":{"dataset":"app","module":"x"}}"#,
        #"{"message":"event not an object","event":"flat"}"#,
        #"{"message":"own version","@version":"7"}"#,
        #"{"message":"bad time","@timestamp":"yesterday"}"#,
        #"{"message":"metadata not an object","@metadata":"x"}"#,
        #"{"message":42,"other":"non-string message"}"#,
        #"{"no":"message at all","@timestamp":"2024-02-01T00:00:00Z"}"#,
        #"{"message":"","empty":""}"#,
        // The message between other keys, `@metadata` and `@timestamp` after it.
        #"{"agent":{"type":"filebeat"},"message":"middle","@metadata":{"beat":"filebeat"},"log":{"offset":1},"@timestamp":"2024-01-15T10:30:00Z","ecs":{"version":"8.0.0"}}"#,
        // More keys than the mapper moves in place.
        "{\"message\":\"many\"," + (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}",
    ]

    /// The mapping written the plain way, with the event's general API.
    static func reference(_ document: OrderedObject, peerIP: String?, ecs: Bool) -> Event {
        var event: Event
        let key = document["message"] != nil ? "message" : (document["line"] != nil ? "line" : nil)
        if let key, case .string(let message)? = document[key] {
            event = Event(message: message, timestamp: now)
            if ecs { event.fields["event"] = ["original": .string(message)] }
            for (name, value) in document where name != key {
                switch name {
                case "@timestamp":
                    if let timestamp = Event.timestamp(from: value) { event.timestamp = timestamp }
                case "@metadata":
                    if case .object(let metadata) = value { for (k, v) in metadata { event.metadata[k] = v } }
                default:
                    if case .object(let incoming) = value, case .object(var existing)? = event.fields[name] {
                        for (k, v) in incoming { existing[k] = v }
                        event.fields[name] = .object(existing)
                    } else {
                        event.fields[name] = value
                    }
                }
            }
            if event.field("tags") == nil {
                event.fields["tags"] = ["beats_input_codec_plain_applied"]
            } else {
                event.appendTag("beats_input_codec_plain_applied")
            }
        } else {
            event = Event(constructingFrom: document, now: now)
            event.appendTag("beats_input_raw_event")
        }
        if let peerIP {
            if ecs {
                event.metadata["input"] = ["beats": ["host": ["ip": .string(peerIP)]]]
            } else {
                event.metadata["ip_address"] = .string(peerIP)
            }
        }
        return event
    }

    @Test(arguments: [true, false])
    func onePassEventsEqualTheReference(ecs: Bool) throws {
        var mapper = BeatsEventMapper(ecs: ecs)
        for text in Self.documents {
            for peer in ["10.0.0.7", nil] as [String?] {
                let made = Array(text.utf8).withUnsafeBytes { mapper.event(fromJSON: $0, peerIP: peer, now: Self.now) }
                guard case .object(let document) = try JSONReader.parse(Array(text.utf8)) else {
                    Issue.record("not an object: \(text)")
                    continue
                }
                let expected = Self.reference(document, peerIP: peer, ecs: ecs)
                #expect(made == expected, "\(text)")
                #expect(made.fields.keys == expected.fields.keys, "\(text)")
                #expect(made.metadata.keys == expected.metadata.keys, "\(text)")
                #expect(made.tags == expected.tags, "\(text)")
                #expect(made.timestamp == expected.timestamp, "\(text)")
            }
        }
    }

    @Test func aNonStringMessageIsKeptOnTheRawEvent() {
        var mapper = BeatsEventMapper(ecs: true)
        let event = Array(#"{"message":42,"k":"v"}"#.utf8).withUnsafeBytes { mapper.event(fromJSON: $0, peerIP: nil, now: Self.now) }
        #expect(event.field("message") == .int(42))
        #expect(event.tags == ["beats_input_raw_event"])
    }
}
