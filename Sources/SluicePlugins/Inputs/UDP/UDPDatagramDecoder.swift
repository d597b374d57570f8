import SluiceCore

/// A datagram's events, by the udp input's codec: `plain`, the datagram (as Logstash's plain
/// codec, the text as sent); `line`/`json_lines`, one per line (the last without its end too);
/// `json`, the document (an object is one event, a list of objects one each; anything else is the
/// text tagged `_jsonparsefailure`).
struct UDPDatagramDecoder {
    let codec: UDPInputOptions.Codec
    private let reader = JSONReader()

    init(codec: UDPInputOptions.Codec) {
        self.codec = codec
    }

    func decode(_ datagram: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event]) {
        switch codec {
        case .plain:
            events.append(Event(message: String(decoding: datagram, as: UTF8.self), timestamp: now))
        case .line, .jsonLines:
            var lines = LineDecoder(format: codec == .line ? .line : .jsonLines)
            lines.decode(datagram, now: now, into: &events)
            lines.finish(now: now, into: &events)
        case .json:
            switch try? reader.parse(datagram) {
            case .object(let object)?:
                events.append(Event(constructingFrom: object, now: now))
            case .array(let list)? where !list.isEmpty && list.allSatisfy({ $0.objectValue != nil }):
                for case .object(let object) in list { events.append(Event(constructingFrom: object, now: now)) }
            default:
                var event = Event(message: String(decoding: datagram, as: UTF8.self), timestamp: now)
                event.tag("_jsonparsefailure")
                events.append(event)
            }
        }
    }
}
