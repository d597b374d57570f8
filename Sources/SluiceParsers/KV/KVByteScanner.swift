/// kv's scan, byte by byte, for the common settings: `field_split` and `value_split` as plain
/// character classes, no `*_pattern`. It finds exactly the pairs Logstash's scan regex finds
/// (`KVRegexScanner` builds that regex; a test runs both over random texts and compares), in one
/// pass with no backtracking, which holds because of the conditions `init?` checks:
///
/// - a key is a run of bytes in neither class, so the run ends where the regex's greedy key
///   would, and giving bytes back can never let the value split match elsewhere;
/// - the value split is one byte of its class, in lenient mode with spaces around it (a space is
///   never in the value split class);
/// - a value is the first of: `"..."`, `'...'`, `(...)`, `[...]`, `<...>` (brackets with
///   `include_brackets`) up to the first closing character, when a field split byte, the end of
///   the text or a newline (`$`) follows; otherwise the bytes up to the next field split byte.
///   None of these characters may be in either class.
///
/// A text with a backslash (`\ ` escapes a splitter in Logstash's regex) goes to the regex.
public struct KVByteScanner: Sendable, Hashable {
    public let fieldSplit: KVCharacterClass
    public let valueSplit: KVCharacterClass
    public let lenient: Bool
    public let includeBrackets: Bool
    /// Bit c: ASCII c is in either class (the bytes a key cannot hold).
    private let splitters: [Bool]

    private static let reserved: [UInt8] = Array("\\\"'()[]<>".utf8)

    public init?(fieldSplit: KVCharacterClass, valueSplit: KVCharacterClass, lenient: Bool, includeBrackets: Bool) {
        guard fieldSplit.isASCIIOnly, valueSplit.isASCIIOnly else { return nil }
        // A lone "-" is literal wherever Logstash pastes it; elsewhere it may make a range across the two.
        for spec in [fieldSplit.spec, valueSplit.spec] where spec != "-" && spec.contains("-") { return nil }
        let f = fieldSplit.asciiMembers
        let v = valueSplit.asciiMembers
        guard !f.isEmpty, !v.isEmpty, Set(f).isDisjoint(with: v), !v.contains(UInt8(ascii: " ")), !v.contains(UInt8(ascii: "\n")),
            Self.reserved.allSatisfy({ !f.contains($0) && !v.contains($0) })
        else { return nil }
        self.fieldSplit = fieldSplit
        self.valueSplit = valueSplit
        self.lenient = lenient
        self.includeBrackets = includeBrackets
        splitters = (0..<256).map { fieldSplit.contains(UInt8($0)) || valueSplit.contains(UInt8($0)) }
    }

    public static func == (lhs: KVByteScanner, rhs: KVByteScanner) -> Bool {
        lhs.fieldSplit == rhs.fieldSplit && lhs.valueSplit == rhs.valueSplit && lhs.lenient == rhs.lenient
            && lhs.includeBrackets == rhs.includeBrackets
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fieldSplit)
        hasher.combine(valueSplit)
        hasher.combine(lenient)
        hasher.combine(includeBrackets)
    }

    /// Appends the pairs of `text` to `pairs`.
    public func scan(_ text: UnsafeRawBufferPointer, into pairs: inout [KVPair]) {
        let n = text.count
        let space = UInt8(ascii: " ")
        var p = 0
        while p < n {
            if splitters[Int(text[p])] {
                p += 1
                continue
            }
            let keyStart = p
            var e = p + 1
            while e < n && !splitters[Int(text[e])] { e += 1 }
            var q = e
            if lenient { while q < n && text[q] == space { q += 1 } }
            guard q < n, valueSplit.contains(text[q]) else {
                p = e
                continue
            }
            q += 1
            if lenient { while q < n && text[q] == space { q += 1 } }
            let (value, end) = self.value(text, at: q)
            pairs.append(KVPair(key: keyStart..<e, value: value))
            p = end
        }
    }

    /// The value starting at `v` (after the value split) and where the scan goes on.
    private func value(_ text: UnsafeRawBufferPointer, at v: Int) -> (Range<Int>?, Int) {
        let n = text.count
        guard v < n else { return (nil, n) }
        let first = text[v]
        if fieldSplit.contains(first) { return (nil, v + 1) }
        if let close = closing(of: first) {
            var k = v + 1
            while k < n && text[k] != close { k += 1 }
            if k < n {
                let after = k + 1
                let content: Range<Int>? = k > v + 1 ? (v + 1)..<k : nil
                if after == n { return (content, after) }
                if fieldSplit.contains(text[after]) { return (content, after + 1) }
                if text[after] == UInt8(ascii: "\n") { return (content, after) }  // `$` before a newline
            }
        }
        var w = v + 1
        while w < n && !fieldSplit.contains(text[w]) { w += 1 }
        return (v..<w, w < n ? w + 1 : w)
    }

    private func closing(of open: UInt8) -> UInt8? {
        switch open {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "'"): UInt8(ascii: "'")
        case UInt8(ascii: "(") where includeBrackets: UInt8(ascii: ")")
        case UInt8(ascii: "[") where includeBrackets: UInt8(ascii: "]")
        case UInt8(ascii: "<") where includeBrackets: UInt8(ascii: ">")
        default: nil
        }
    }
}
