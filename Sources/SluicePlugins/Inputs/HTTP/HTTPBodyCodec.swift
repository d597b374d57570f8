import SluiceCore

/// How a request body becomes events: the codec its media type selects.
enum HTTPBodyCodec: Sendable, Equatable {
    /// The whole body is one event's `message` (Logstash's `plain`).
    case plain
    /// One event per line (`line`).
    case line
    /// One JSON document: an object is one event, an array one event per object (`json`); text
    /// that is neither is one event with the body in `message`, tagged `_jsonparsefailure`.
    case json
    /// One JSON object per line (`json_lines`, NDJSON).
    case jsonLines

    init(named name: String) {
        switch name {
        case "json": self = .json
        case "json_lines": self = .jsonLines
        case "line": self = .line
        default: self = .plain
        }
    }

    /// The body's events, in order (a body is never cut: `max_content_length` bounds it).
    func events(from body: UnsafeRawBufferPointer, now: Timestamp) -> [Event] {
        switch self {
        case .plain:
            return [Event(message: String(decoding: body, as: UTF8.self), timestamp: now)]
        case .json:
            do {
                return try Event.events(fromJSON: body, now: now)
            } catch {
                var event = Event(message: String(decoding: body, as: UTF8.self), timestamp: now)
                event.tag("_jsonparsefailure")
                return [event]
            }
        case .line, .jsonLines:
            var decoder = LineDecoder(format: self == .line ? .line : .jsonLines, maxLineBytes: max(1, body.count), cacheSlots: 256)
            var events: [Event] = []
            decoder.decode(body, now: now, into: &events)
            decoder.finish(now: now, into: &events)
            return events
        }
    }
}
