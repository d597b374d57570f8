/// Writes `Value`s as compact JSON into a byte buffer, the way Logstash's json_lines codec does:
/// keys in insertion order, `"` `\` and control characters escaped (`\n`, `\t`, `\u0001`, ...),
/// `/` and non-ASCII left as they are (UTF-8), timestamps as ISO8601 strings, integral doubles with
/// a fraction (`1.0`), non-finite doubles as `null`.
public enum JSONWriter {
    /// Appends `value` as JSON.
    /// - Complexity: O(n) in the output size; clean runs of a string are copied in bulk.
    public static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null:
            appendLiteral("null", to: &out)
        case .bool(let b):
            appendLiteral(b ? "true" : "false", to: &out)
        case .int(let i):
            appendDecimal(i, to: &out)
        case .double(let d):
            appendDouble(d, to: &out)
        case .bigNumber(let text):
            out.append(contentsOf: text.utf8)
        case .string(let s):
            appendString(s, to: &out)
        case .timestamp(let t):
            out.append(UInt8(ascii: "\""))
            t.appendISO8601(to: &out)
            out.append(UInt8(ascii: "\""))
        case .array(let list):
            out.append(UInt8(ascii: "["))
            for (i, element) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            appendObject(object, to: &out)
        }
    }

    /// Appends an object's entries between braces.
    public static func appendObject(_ object: OrderedObject, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        appendMembers(object, to: &out, needsComma: false)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `"key":value` pairs, separated by commas (a leading comma when `needsComma`).
    static func appendMembers(_ object: OrderedObject, to out: inout [UInt8], needsComma: Bool) {
        var comma = needsComma
        for entry in object.entries {
            if comma { out.append(UInt8(ascii: ",")) }
            comma = true
            appendString(entry.key, to: &out)
            out.append(UInt8(ascii: ":"))
            append(entry.value, to: &out)
        }
    }

    /// The JSON text of `value`, as a `String` (for messages and tests; hot paths use `append`).
    public static func string(_ value: Value) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends a quoted, escaped string.
    public static func appendString(_ string: String, to out: inout [UInt8]) {
        var string = string
        out.append(UInt8(ascii: "\""))
        string.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the escaped form of UTF-8 bytes (no quotes).
    public static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let c = bytes[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            out.append(UInt8(ascii: "\\"))
            switch c {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigit(c >> 4))
                out.append(hexDigit(c & 0xF))
            }
            i += 1
            runStart = i
        }
        if count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 48 + nibble : 87 + nibble }

    /// Appends a decimal integer.
    @inlinable
    public static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(48 + UInt8(magnitude))
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        out.withUnsafeMutableBufferPointer { buffer in
            var k = start + digits - 1
            while magnitude > 0 {
                buffer[k] = 48 + UInt8(magnitude % 10)
                magnitude /= 10
                k -= 1
            }
        }
    }

    /// Appends a double in its shortest round-trip form, with `.0` for integral values; `null`
    /// for NaN and infinities (JSON has no such numbers).
    public static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            appendLiteral("null", to: &out)
            return
        }
        let text = value.description
        out.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
        }
    }
}
