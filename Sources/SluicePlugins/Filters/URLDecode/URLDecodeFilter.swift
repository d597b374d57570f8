public import SluiceCore

/// `filter { urldecode { } }` as Logstash: `%XX` escapes in the field's strings are decoded (in
/// objects and lists too; `+` stays, as Ruby's URI unescape leaves it); an escape that is not two
/// hex digits is kept as written. With `all_fields`, every top-level field. Then the common options.
public struct URLDecodeFilter: Filter {
    let options: URLDecodeFilterOptions

    public init(options: URLDecodeFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            if options.allFields {
                for key in events[i].fields.keys {
                    let path = FieldPath(root: .data, segments: [FieldPath.Segment(key)], text: key)
                    if let value = events[i][path] { try? events[i].set(path, to: URLDecodeFilter.decoded(value)) }
                }
            } else if let value = events[i][options.field] {
                try? events[i].set(options.field, to: URLDecodeFilter.decoded(value))
            }
            options.common.apply(to: &events[i])
        }
    }

    static func decoded(_ value: Value) -> Value {
        switch value {
        case .string(let text): return .string(decode(text))
        case .array(let list): return .array(list.map(decoded))
        case .object(let object):
            var out = OrderedObject()
            for (key, inner) in object { out[key] = decoded(inner) }
            return .object(out)
        default: return value
        }
    }

    /// Percent-decoding of the UTF-8 bytes of `text`.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
