import SluiceCore

/// Logstash's `rubydebug` codec layout: keys sorted and right-aligned, `=>` between key and value,
/// strings quoted, timestamps bare, four-space indents.
enum RubyDebugFormat {
    static func append(_ event: Event, into out: inout ByteSink) {
        var object = event.fields
        if let timestamp = event.timestamp { object["@timestamp"] = .timestamp(timestamp) }
        appendObject(object, indent: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
    }

    static func appendObject(_ object: OrderedObject, indent: Int, into out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        out.append(UInt8(ascii: "\n"))
        let keys = object.keys.sorted()
        let width = keys.map { $0.count + 2 }.max() ?? 0
        for key in keys {
            let quoted = "\"\(key)\""
            pad(indent + 4 + width - quoted.count, into: &out)
            out.append(utf8: quoted)
            out.append(literal: " => ")
            appendValue(object[key]!, indent: indent + 4, into: &out)
            out.append(UInt8(ascii: ","))
            out.append(UInt8(ascii: "\n"))
        }
        if !keys.isEmpty { out.truncate(to: out.count - 2) ; out.append(UInt8(ascii: "\n")) }
        pad(indent, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    static func appendValue(_ value: Value, indent: Int, into out: inout ByteSink) {
        switch value {
        case .string(let s):
            JSONWriter.appendString(s, to: &out)
        case .timestamp(let t):
            t.appendISO8601(to: &out)
        case .null:
            out.append(literal: "nil")
        case .object(let object):
            appendObject(object, indent: indent, into: &out)
        case .array(let list):
            out.append(UInt8(ascii: "["))
            out.append(UInt8(ascii: "\n"))
            for (i, element) in list.enumerated() {
                pad(indent + 4, into: &out)
                out.append(utf8: "[\(i)] ")
                appendValue(element, indent: indent + 4, into: &out)
                out.append(literal: i + 1 < list.count ? ",\n" : "\n")
            }
            pad(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        default:
            JSONWriter.append(value, to: &out)
        }
    }

    static func pad(_ count: Int, into out: inout ByteSink) {
        for _ in 0..<max(0, count) { out.append(UInt8(ascii: " ")) }
    }
}
