extension Template {
    /// Appends the rendering of this template for `event` to `out`.
    /// - Complexity: O(output); no allocation for literals, strings and numbers.
    public func render(_ event: Event, into out: inout ByteSink) {
        for part in parts {
            switch part {
            case .literal(let bytes):
                out.append(contentsOf: bytes)
            case .field(let path, let token):
                guard let value = event[path], !value.isNull else {
                    out.append(utf8: token)
                    continue
                }
                Template.appendText(of: value, into: &out)
            case .timestamp(let pattern):
                if let timestamp = event.timestamp { pattern.format(timestamp, into: &out) }
            case .epochSeconds:
                if let timestamp = event.timestamp { JSONWriter.appendDecimal(timestamp.epochSeconds, to: &out) }
            case .timeNow:
                Timestamp.now().appendISO8601(to: &out)
            }
        }
    }

    /// The rendering of this template for `event`, as a `String`.
    public func render(_ event: Event) -> String {
        if parts.count == 1, case .literal = parts[0] { return source }
        var out = ByteSink(capacity: 256)
        render(event, into: &out)
        return out.string
    }

    /// `value` as text the way Logstash's sprintf prints it (see `appendText(of:into:)`).
    public static func text(of value: Value) -> String {
        if case .string(let s) = value { return s }
        var out = ByteSink(capacity: 64)
        appendText(of: value, into: &out)
        return out.string
    }

    /// A value as text the way Logstash's sprintf prints it: strings as they are, lists joined with
    /// `,` (nested lists flattened, nulls empty), maps as compact JSON, timestamps in ISO8601.
    public static func appendText(of value: Value, into out: inout ByteSink) {
        switch value {
        case .null:
            break
        case .string(let s):
            out.append(utf8: s)
        case .bool(let b):
            out.append(literal: b ? "true" : "false")
        case .int(let i):
            JSONWriter.appendDecimal(i, to: &out)
        case .double(let d):
            JSONWriter.appendDouble(d, to: &out)
        case .bigNumber(let text):
            out.append(utf8: text)
        case .timestamp(let t):
            t.appendISO8601(to: &out)
        case .array(let list):
            for (i, element) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendText(of: element, into: &out)
            }
        case .object(let object):
            JSONWriter.appendObject(object, to: &out)
        }
    }
}
