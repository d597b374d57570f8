extension JSONParser {
    /// Parses a string; the cursor is on the opening quote.
    ///
    /// The fast path scans for the closing quote and makes the `String` straight from the input
    /// (the standard library validates UTF-8 and repairs it with U+FFFD). Escapes take the slow
    /// path through `scratch`.
    mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        guard skipCleanStringBytes() else { return try parseEscapedString(from: start) }
        let text =
            strings?.string(base + start, count: index - start)
            ?? String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        index += 1
        return text
    }

    /// Moves the cursor over string bytes that need no unescaping: `true` when it stops on the
    /// closing quote, `false` on a backslash, a control byte or the end of the input.
    @inline(__always)
    mutating func skipCleanStringBytes() -> Bool {
        // Eight bytes at a time until a quote, a backslash or a control byte may be near.
        while index + 8 <= end
            && !JSONWriter.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
        {
            index += 8
        }
        while index < end {
            let c = base[index]
            if c == UInt8(ascii: "\"") { return true }
            if c == UInt8(ascii: "\\") || c < 0x20 { return false }
            index += 1
        }
        return false
    }

    /// The slow path: the cursor is on the first escape (or bad byte) of the string begun at `start`.
    /// Unescaped text is built in a `ByteSink` (escapes only shrink text, so the input's size is
    /// a good first capacity), runs between escapes copied whole.
    private mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        var out = ByteSink(capacity: min(end - start, 1 << 16))
        out.append(UnsafeBufferPointer(start: base + start, count: index - start))
        while index < end {
            // Copy the run up to the next quote, backslash or control byte in one go.
            let runStart = index
            while index + 8 <= end
                && !JSONWriter.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
            }
            while index < end, case let c = base[index], c >= 0x20, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") {
                index += 1
            }
            if index > runStart {
                out.reserve(index - runStart)
                JSONWriter.copyUnchecked(base + runStart, count: index - runStart, to: &out)
            }
            guard index < end else { break }
            let c = base[index]
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            default:
                throw JSONError(.controlCharacterInString, offset: index)
            }
        }
        throw JSONError(.unexpectedEnd, offset: index)
    }

    /// Decodes one escape into `out`; the cursor is on the backslash.
    private mutating func parseEscape(into out: inout ByteSink) throws(JSONError) {
        guard index + 1 < end else { throw JSONError(.unexpectedEnd, offset: index) }
        let e = base[index + 1]
        index += 2
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalar: UInt32 = 0xFFFD
            if (0xD800..<0xDC00).contains(unit) {
                // A high surrogate: joined with a following \uDC00-\uDFFF, else replaced.
                if index + 1 < end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") {
                    let saved = index
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        index = saved  // the next escape is decoded on its own
                    }
                }
            } else if !(0xDC00..<0xE000).contains(unit) {
                scalar = UInt32(unit)
            }
            JSONParser.appendUTF8(scalar, to: &out)
        default:
            throw JSONError(.invalidEscape, offset: index - 1)
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        guard end - index >= 4 else { throw JSONError(.unexpectedEnd, offset: index) }
        var value: UInt16 = 0
        for k in 0..<4 {
            let c = base[index + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - 55
            default: throw JSONError(.invalidEscape, offset: index + k)
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout ByteSink) {
        out.reserve(4)
        switch scalar {
        case 0..<0x80:
            out.appendUnchecked(UInt8(scalar))
        case 0x80..<0x800:
            out.appendUnchecked(UInt8(0xC0 | scalar >> 6))
            out.appendUnchecked(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.appendUnchecked(UInt8(0xE0 | scalar >> 12))
            out.appendUnchecked(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.appendUnchecked(UInt8(0x80 | scalar & 0x3F))
        default:
            out.appendUnchecked(UInt8(0xF0 | scalar >> 18))
            out.appendUnchecked(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.appendUnchecked(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.appendUnchecked(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
