import CJSONEscapes

/// Writes `Value`s as compact JSON into a `ByteSink`, the way Logstash's json_lines codec does:
/// keys in insertion order, `"` `\` and control characters escaped (`\n`, `\t`, `\u0001`, ...),
/// `/` and non-ASCII left as they are (UTF-8), timestamps as ISO8601 strings, integral doubles with
/// a fraction (`1.0`), non-finite doubles as `null`.
public enum JSONWriter {
    /// Appends `value` as JSON.
    /// - Complexity: O(n) in the output size; clean strings are copied whole.
    public static func append(_ value: Value, to out: inout ByteSink) {
        withUnsafePointer(to: value) { append(at: $0, to: &out) }
    }

    /// Appends the value stored at `value` as JSON, read where it lies.
    ///
    /// Values are read through pointers all the way down (the members of an object, the elements
    /// of a list). Read into a parameter first, or out of a buffer's subscript, each value was
    /// copied (a retain and a release of its storage) because the compiler could not prove that
    /// the writes to `out` leave it alone; a string now goes from memory straight to
    /// `appendQuoted`. An object or a list is still copied once (its payload, to walk it). The
    /// caller keeps the value alive and unchanged for the call. Never inlined: in a caller's loop
    /// the copies came back.
    @usableFromInline @inline(never)
    static func append(at value: UnsafePointer<Value>, to out: inout ByteSink) {
        switch value.pointee {
        case .null:
            out.append(literal: "null")
        case .bool(let b):
            out.append(literal: b ? "true" : "false")
        case .int(let i):
            appendDecimal(i, to: &out)
        case .double(let d):
            appendDouble(d, to: &out)
        case .bigNumber(let text):
            out.append(utf8: text)
        case .string(let s):
            appendString(s, to: &out)
        case .timestamp(let t):
            out.reserve(Timestamp.maxISO8601Length + 2)
            out.appendUnchecked(UInt8(ascii: "\""))
            t.appendISO8601(to: &out)
            out.appendUnchecked(UInt8(ascii: "\""))
        case .array(let list):
            appendArray(list, to: &out)
        case .object(let object):
            appendObject(object, to: &out)
        }
    }

    static func appendArray(_ list: [Value], to out: inout ByteSink) {
        out.append(UInt8(ascii: "["))
        list.withUnsafeBufferPointer { elements in
            guard let first = elements.baseAddress else { return }
            for i in 0..<elements.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(at: first + i, to: &out)
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends an object's entries between braces.
    public static func appendObject(_ object: OrderedObject, to out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        appendMembers(object, to: &out, needsComma: false)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `"key":value` pairs, separated by commas (a leading comma when `needsComma`).
    public static func appendMembers(_ object: OrderedObject, to out: inout ByteSink, needsComma: Bool) {
        object.entries.withUnsafeBufferPointer { entries in
            guard let first = entries.baseAddress else { return }
            for i in 0..<entries.count {
                if needsComma || i > 0 { out.append(UInt8(ascii: ",")) }
                appendKey(of: first + i, to: &out)
                out.append(UInt8(ascii: ":"))
                let value = UnsafeRawPointer(first + i).advanced(by: entryValueOffset).assumingMemoryBound(to: Value.self)
                append(at: value, to: &out)
            }
        }
    }

    /// Where an entry's value lies within it.
    @inline(__always)
    static var entryValueOffset: Int { MemoryLayout<OrderedObject.Entry>.offset(of: \.value)! }

    /// The key of the entry at `entry`, quoted; a function of its own so that the key goes
    /// uncopied from memory to the writer (see `append(at:to:)`).
    @inline(never)
    static func appendKey(of entry: UnsafePointer<OrderedObject.Entry>, to out: inout ByteSink) {
        appendString(entry.pointee.key, to: &out)
    }

    /// The JSON text of `value`, as a `String` (for messages and tests; hot paths use `append`).
    public static func string(_ value: Value) -> String {
        var out = ByteSink(capacity: 256)
        append(value, to: &out)
        return out.string
    }

    /// Appends a quoted, escaped string.
    @inline(__always)
    public static func appendString(_ string: String, to out: inout ByteSink) {
        // Native strings (small ones too) are contiguous: no copy of the string, no retain.
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendQuoted($0, to: &out) }
        if done == nil {
            var copy = string
            copy.withUTF8 { appendQuoted($0, to: &out) }
        }
    }

    /// Appends UTF-8 bytes as a quoted, escaped JSON string.
    ///
    /// Reserves the worst case once (every byte escaped as `\u00XX`), then writes without checks.
    /// Most strings need no escape: they are found clean eight bytes at a time and copied whole.
    ///
    /// `releasenone` (it touches raw bytes only, no object): with that known, a caller writing a
    /// string read in place passes the string's bytes without copying the string first (a retain
    /// and a release of its storage per string written).
    @_effects(releasenone)
    public static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteSink) {
        let count = bytes.count
        // Six bytes per input byte at worst (`\u00XX`), two quotes, and the slack of the
        // escaper's whole-block stores (see `sluice_json_escape_blocks`).
        out.reserve(count * 6 + 34)
        out.appendUnchecked(UInt8(ascii: "\""))
        if let source = bytes.baseAddress {
            let clean = cleanPrefixLength(source, count: count)
            copyUnchecked(source, count: clean, to: &out)
            if clean < count { appendEscapedTail(source, from: clean, count: count, to: &out) }
        }
        out.appendUnchecked(UInt8(ascii: "\""))
    }

    /// How many leading bytes need no escape.
    @inline(__always)
    static func cleanPrefixLength(_ source: UnsafePointer<UInt8>, count: Int) -> Int {
        let raw = UnsafeRawPointer(source)
        var i = 0
        while i + 8 <= count && !needsEscape(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
            i += 8
        }
        if i == count { return count }
        // The rest in one test where it can be (keys are short): the last eight bytes (some seen
        // already), or two overlapping four-byte words.
        if count >= 8 && i + 8 > count {
            if !needsEscape(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) { return count }
        } else if count >= 4 && count < 8 {
            let word = UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
            if !needsEscape(word) { return count }
        }
        while i < count {
            let c = source[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { return i }
            i += 1
        }
        return count
    }

    /// Whether any of eight bytes is `"`, `\` or below 0x20 (SWAR zero-byte tests). A byte after
    /// a true hit may be flagged too; that only sends the caller to the byte-wise path.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        escapeMask(word) != 0
    }

    /// The high bit of each of eight bytes that may be `"`, `\` or below 0x20. The lowest flagged
    /// byte always is one (a false hit can only follow a true one), so on a little-endian machine
    /// `trailingZeroBitCount / 8` is the number of clean bytes before the first that needs a look.
    @inline(__always)
    static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        let hasControl = (word &- ones &* 0x20) & ~word & highs
        return hasQuote | hasBackslash | hasControl
    }

    /// Copies after a `reserve`; short runs by hand (cheaper than a `memmove` call), as two
    /// overlapping words where they fit.
    @inline(__always)
    static func copyUnchecked(_ source: UnsafePointer<UInt8>, count: Int, to out: inout ByteSink) {
        let destination = UnsafeMutableRawPointer(out.base + out.used)
        let from = UnsafeRawPointer(source)
        if count > 16 {
            out.appendUnchecked(source, count: count)
            return
        } else if count >= 8 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            destination.storeBytes(of: head, as: UInt64.self)
            destination.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            destination.storeBytes(of: head, as: UInt32.self)
            destination.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else {
            for k in 0..<count { destination.storeBytes(of: source[k], toByteOffset: k, as: UInt8.self) }
        }
        out.used += count
    }

    /// Escapes from `start` on, after a `reserve` of the worst case (six bytes per input byte).
    ///
    /// Blocks of 16 bytes go through `sluice_json_escape_blocks` (SSSE3: a backslash inserted
    /// before each `"` and `\` by shuffles); a block with a control byte byte by byte here.
    static func appendEscapedTail(_ source: UnsafePointer<UInt8>, from start: Int, count: Int, to out: inout ByteSink) {
        var i = start
        var destination = out.base + out.used
        while true {
            var written = 0
            i += sluice_json_escape_blocks(source + i, count - i, destination, &written)
            destination += written
            // Stopped before a block with a control byte (or without SSSE3).
            let stop = min(i + 16, count)
            while i < stop {
                destination += appendEscaped(source[i], at: destination)
                i += 1
            }
            if i == count { break }
        }
        out.used = destination - out.base
    }

    /// Writes one byte of a string, escaped if it must be; returns the bytes written (1, 2 or 6).
    @inline(__always)
    static func appendEscaped(_ c: UInt8, at destination: UnsafeMutablePointer<UInt8>) -> Int {
        if c == 0x22 || c == 0x5C {
            // The common escapes: two bytes, stored as one 16-bit word.
            UnsafeMutableRawPointer(destination).storeBytes(of: (UInt16(c) << 8 | 0x5C).littleEndian, as: UInt16.self)
            return 2
        }
        if c >= 0x20 {
            destination[0] = c
            return 1
        }
        destination[0] = UInt8(ascii: "\\")
        switch c {
        case 0x0A: destination[1] = UInt8(ascii: "n")
        case 0x0D: destination[1] = UInt8(ascii: "r")
        case 0x09: destination[1] = UInt8(ascii: "t")
        case 0x08: destination[1] = UInt8(ascii: "b")
        case 0x0C: destination[1] = UInt8(ascii: "f")
        default:
            destination[1] = UInt8(ascii: "u")
            destination[2] = UInt8(ascii: "0")
            destination[3] = UInt8(ascii: "0")
            destination[4] = hexDigit(c >> 4)
            destination[5] = hexDigit(c & 0xF)
            return 6
        }
        return 2
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 48 + nibble : 87 + nibble }

    /// Appends a decimal integer.
    @inlinable
    public static func appendDecimal(_ value: Int64, to out: inout ByteSink) {
        out.reserve(20)
        if value < 0 { out.appendUnchecked(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.appendUnchecked(48 + UInt8(magnitude))
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        var k = out.used + digits - 1
        while magnitude > 0 {
            out.base[k] = 48 + UInt8(magnitude % 10)
            magnitude /= 10
            k -= 1
        }
        out.used += digits
    }

    /// Appends a double in its shortest round-trip form, with `.0` for integral values; `null`
    /// for NaN and infinities (JSON has no such numbers).
    public static func appendDouble(_ value: Double, to out: inout ByteSink) {
        guard value.isFinite else {
            out.append(literal: "null")
            return
        }
        let text = value.description
        out.append(utf8: text)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            out.append(literal: ".0")
        }
    }
}
