import CJSONEscapes

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
        let count = index - start
        index += 1
        guard let strings else { return String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self) }
        let first = base + start
        return strings._withUnsafeGuaranteedRef { $0.string(first, count: count) }
    }

    /// Moves the cursor over string bytes that need no unescaping: `true` when it stops on the
    /// closing quote, `false` on a backslash, a control byte or the end of the input.
    @inline(__always)
    mutating func skipCleanStringBytes() -> Bool {
        // Eight bytes at a time until a word holds a quote, a backslash or a control byte; then
        // straight to the first such byte (the lowest flagged byte is always a true hit).
        while index + 8 <= end {
            let mask = JSONWriter.escapeMask(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
            if mask != 0 {
                index += mask.trailingZeroBitCount >> 3
                break
            }
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
    ///
    /// Escapes only shrink text, so the rest of the input bounds the unescaped length: the text is
    /// written with no bounds checks into the reader's `UnescapeBuffer` (or a buffer of its own),
    /// sixteen bytes at a time with their one-letter escapes (`\"`, `\\`, `\n`, ...) where the
    /// CPU has SSSE3, eight at a time between escapes for the rest.
    private mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        var bound = end - start
        if bound > UnescapeBuffer.keptCapacity { bound = escapedLength(from: start) }
        let owned = scratch == nil || bound + 16 > UnescapeBuffer.keptCapacity
        // Sixteen bytes of slack: the block-at-a-time copies may write past the closing quote's place.
        let out =
            owned
            ? UnsafeMutablePointer<UInt8>.allocate(capacity: bound + 16)
            : scratch!._withUnsafeGuaranteedRef { $0.storage(for: bound + 16) }
        defer { if owned { out.deallocate() } }
        let count = try unescape(from: start, into: out)
        return String(decoding: UnsafeBufferPointer(start: out, count: count), as: UTF8.self)
    }

    /// The bytes from `start` up to the closing quote (escapes not decoded): a tight bound for a
    /// long string in a large document. Errors are left to `unescape` (without a closing quote
    /// the bound is the rest of the input).
    private func escapedLength(from start: Int) -> Int {
        var i = index
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: "\"") { return i - start }
            i += c == UInt8(ascii: "\\") ? 2 : 1
        }
        return end - start
    }

    /// Decodes the string begun at `start` (the cursor is on its first escape) into `out`, which
    /// has room for every byte up to the closing quote; leaves the cursor after the quote and
    /// returns the number of bytes written.
    private mutating func unescape(from start: Int, into out: UnsafeMutablePointer<UInt8>) throws(JSONError) -> Int {
        var n = index - start
        out.update(from: base + start, count: n)
        while true {
            // Whole 16-byte blocks, the one-letter escapes included (SSSE3); it stops on the
            // closing quote, a control byte, a `\u` escape or the last 15 bytes, for the code below.
            var written = 0
            index += sluice_json_unescape_blocks(base + index, end - index, out + n, &written)
            n += written
            // Eight bytes at a time: written whole (the output is never ahead of the input, so
            // there is room), then the count moves to the first byte that needs a look.
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(out + n).storeBytes(of: word, as: UInt64.self)
                let mask = JSONWriter.escapeMask(UInt64(littleEndian: word))  // first byte lowest
                if mask == 0 {
                    n += 8
                    index += 8
                    continue
                }
                let clean = mask.trailingZeroBitCount >> 3  // the lowest flagged byte is a true hit
                n += clean
                index += clean
                break
            }
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            let c = base[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return n
            }
            if c == UInt8(ascii: "\\") {
                guard index + 1 < end else { throw JSONError(.unexpectedEnd, offset: index) }
                let decoded = JSONParser.simpleEscape(base[index + 1])
                if decoded != 0 {
                    out[n] = decoded
                    n += 1
                    index += 2
                } else {
                    n += try parseUnicodeEscape(into: out + n)
                }
                continue
            }
            if c < 0x20 { throw JSONError(.controlCharacterInString, offset: index) }
            out[n] = c
            n += 1
            index += 1
        }
    }

    /// What a one-letter escape decodes to, by the letter after the backslash (0: not one).
    /// A switch, not a table: a static table is a lazily made global, checked on every escape.
    @inline(__always)
    private static func simpleEscape(_ letter: UInt8) -> UInt8 {
        switch letter {
        case UInt8(ascii: "\""): 0x22
        case UInt8(ascii: "\\"): 0x5C
        case UInt8(ascii: "/"): 0x2F
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        default: 0
        }
    }

    /// Decodes a `\uXXXX` escape (joined with a following low surrogate when it is a high one) into
    /// at most four bytes at `out`; the cursor is on the backslash. Returns the bytes written.
    private mutating func parseUnicodeEscape(into out: UnsafeMutablePointer<UInt8>) throws(JSONError) -> Int {
        guard base[index + 1] == UInt8(ascii: "u") else { throw JSONError(.invalidEscape, offset: index) }
        index += 2
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
        // Six input bytes give at most three output bytes, twelve at most four: room is assured.
        return JSONParser.writeUTF8(scalar, to: out)
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

    private static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | scalar >> 6)
            out[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | scalar >> 12)
            out[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | scalar >> 18)
            out[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
