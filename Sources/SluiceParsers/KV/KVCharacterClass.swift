public import SluiceCore
public import SluiceRegex

/// One of kv's character-class settings (`trim_key`, `trim_value`, `remove_char_key`,
/// `remove_char_value`, and `field_split`/`value_split` on the byte scanner's path): the text goes
/// inside `[...]` of a Ruby regex, as Logstash builds it, so `"<>,"` is three characters, `"a-z"` a
/// range and `"\\s"` the spaces. Decoded once: Oniguruma compiles the class (a bad one is a
/// config error) and is asked, for each ASCII character, whether the class holds it.
public struct KVCharacterClass: Sendable, Hashable {
    /// The setting's text, as written.
    public let spec: String
    /// Bit `c` of `low` (c < 64) or of `high` (c - 64): the class holds ASCII character `c`.
    private let low: UInt64
    private let high: UInt64
    /// Whether no character beyond ASCII can be in the class: the spec is plain ASCII characters,
    /// ranges and simple escapes, with no negation, nested class or property.
    public let isASCIIOnly: Bool

    public init(_ spec: String) throws(OnigurumaRegex.CompileError) {
        let regex = try OnigurumaRegex("\\A[\(spec)]\\z")
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in UInt8(0)..<128 where regex.matches(String(UnicodeScalar(byte))) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
        self.spec = spec
        self.low = low
        self.high = high
        isASCIIOnly = Self.namesOnlyASCII(spec)
    }

    /// Whether the class holds ASCII byte `byte` (false for bytes of 128 and above).
    @inline(__always) public func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low & (1 << UInt64(byte)) != 0 }
        if byte < 128 { return high & (1 << UInt64(byte - 64)) != 0 }
        return false
    }

    /// The ASCII characters the class holds.
    public var asciiMembers: [UInt8] { (0..<128).filter { contains(UInt8($0)) }.map { UInt8($0) } }

    /// ASCII only, no `[` `]` `&&`, no leading `^`, and a backslash only before a space, ASCII
    /// punctuation, or one of `t n r f v s d w` (Oniguruma's `\s` `\d` `\w` are ASCII here).
    private static func namesOnlyASCII(_ spec: String) -> Bool {
        let bytes = Array(spec.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 128 }), bytes.first != UInt8(ascii: "^"), !spec.contains("&&") else { return false }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") { return false }
            if byte == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return false }
                let next = bytes[i + 1]
                let letter = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
                let digit = next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")
                if letter && !"tnrfvsdw".utf8.contains(next) { return false }
                if digit { return false }
                i += 2
                continue
            }
            i += 1
        }
        return true
    }
}

/// A `KVCharacterClass` as one worker applies it: ASCII characters by the table, others (rare)
/// by asking the compiled class.
public final class KVCharacterMatcher {
    public let characters: KVCharacterClass
    private let nonASCII: OnigurumaRegex?

    public init(_ characters: KVCharacterClass) {
        self.characters = characters
        nonASCII = characters.isASCIIOnly ? nil : try? OnigurumaRegex("\\A[\(characters.spec)]\\z")
    }

    /// Whether the character `text[range]` (one Unicode scalar) is in the class.
    private func holds(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        if range.count == 1 { return characters.contains(text[range.lowerBound]) }
        guard let nonASCII else { return false }
        return nonASCII.search(UnsafeRawBufferPointer(rebasing: text[range])) == .matched
    }

    /// The scalars of `text` as byte ranges, each with whether the class holds it.
    private func scalars(_ text: UnsafeRawBufferPointer) -> [(range: Range<Int>, member: Bool)] {
        var out: [(range: Range<Int>, member: Bool)] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let lead = text[i]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let range = i..<min(i + length, text.count)
            out.append((range, holds(text, range)))
            i = range.upperBound
        }
        return out
    }

    /// Ruby's `text.gsub(/[class]/, "")`.
    public func removingAll(from text: String) -> String {
        ByteSearch.withBytes(of: text) { raw in
            if !characters.isASCIIOnly || raw.contains(where: { characters.contains($0) }) {
                var kept: [UInt8] = []
                kept.reserveCapacity(raw.count)
                for scalar in scalars(raw) where !scalar.member { kept.append(contentsOf: raw[scalar.range]) }
                return String(decoding: kept, as: UTF8.self)
            }
            return text
        }
    }

    /// Ruby's `text.gsub(/^[class]+|[class]+$/, "")`: runs of the class at the start or end of
    /// each line go (`^` and `$` are line anchors in Ruby).
    public func trimming(_ text: String) -> String {
        ByteSearch.withBytes(of: text) { raw in
            let newline = UInt8(ascii: "\n")
            // The common case: one line, ASCII class, so only both ends matter.
            if characters.isASCIIOnly && !ByteSearch.contains(newline, in: raw) {
                var start = 0
                var end = raw.count
                while start < end && characters.contains(raw[start]) { start += 1 }
                while end > start && characters.contains(raw[end - 1]) { end -= 1 }
                return start == 0 && end == raw.count ? text : ByteSearch.string(raw, start..<end)
            }
            let units = scalars(raw)
            var kept: [UInt8] = []
            var i = 0
            while i < units.count {
                guard units[i].member else {
                    kept.append(contentsOf: raw[units[i].range])
                    i += 1
                    continue
                }
                var run = i
                while run < units.count && units[run].member { run += 1 }
                let lineStart = i == 0 || raw[units[i].range.lowerBound - 1] == newline
                if lineStart {
                    i = run  // `^[class]+`, greedy
                    continue
                }
                // `[class]+$`: the longest part of the run that ends at the end of a line.
                var end = run
                while end > i && !(end == units.count || raw[units[end].range.lowerBound] == newline) { end -= 1 }
                if end > i {
                    i = end
                } else {
                    kept.append(contentsOf: raw[units[i].range])
                    i += 1
                }
            }
            return String(decoding: kept, as: UTF8.self)
        }
    }
}
