public import SluiceConfig
public import SluiceCore

/// Turns events into bytes for outputs: `json_lines`, `json`, `line` (with `format`), `plain`,
/// `rubydebug`, `dots`.
public enum EventEncoder: Sendable, Hashable {
    case jsonLines
    /// One JSON object per event, nothing between them (as Logstash's json codec writes).
    case json
    /// `format` sprintf'd, or Logstash's default `<@timestamp> <host> <message>`, then a newline.
    case line(Template?)
    case plain(Template?)
    case rubydebug
    case dots

    /// `encode` of the event stored at `event`, read in place (see `Event.appendJSON(at:to:timestamps:)`):
    /// an output encoding a batch passes each event's place in the batch's array, and `timestamps`
    /// keeps the last second's `@timestamp` text from one event to the next.
    public func encode(at event: UnsafePointer<Event>, into out: inout ByteSink, timestamps: inout ISO8601Prefix) {
        switch self {
        case .jsonLines:
            Event.appendJSON(at: event, to: &out, timestamps: &timestamps)
            out.append(UInt8(ascii: "\n"))
        case .json:
            Event.appendJSON(at: event, to: &out, timestamps: &timestamps)
        default:
            encode(event.pointee, into: &out)
        }
    }

    public func encode(_ event: Event, into out: inout ByteSink) {
        switch self {
        case .jsonLines:
            event.appendJSON(to: &out)
            out.append(UInt8(ascii: "\n"))
        case .json:
            event.appendJSON(to: &out)
        case .line(let format):
            EventEncoder.appendText(event, format: format, into: &out)
            out.append(UInt8(ascii: "\n"))
        case .plain(let format):
            EventEncoder.appendText(event, format: format, into: &out)
        case .rubydebug:
            RubyDebugFormat.append(event, into: &out)
        case .dots:
            out.append(UInt8(ascii: "."))
        }
    }

    static func appendText(_ event: Event, format: Template?, into out: inout ByteSink) {
        if let format {
            format.render(event, into: &out)
            return
        }
        // Logstash's Event#to_s: "<@timestamp> <host> <message>".
        if let timestamp = event.timestamp { timestamp.appendISO8601(to: &out) }
        out.append(UInt8(ascii: " "))
        let host = event.field("host").map { value -> Value in value.objectValue?["name"] ?? value }
        if let host, !host.isNull { Template.appendText(of: host, into: &out) } else { out.append(literal: "%{host}") }
        out.append(UInt8(ascii: " "))
        if let message = event.field("message") { Template.appendText(of: message, into: &out) }
    }
}
