extension FieldPath {
    /// How escaped brackets inside segments are written (`config.field_reference.escape_style`).
    public enum EscapeStyle: String, Sendable, CaseIterable {
        /// No escapes (Logstash's default).
        case none
        /// `%5B` / `%5D` and any `%XX` are URL-decoded inside segments.
        case percent
        /// `&#91;` / `&#93;` and any `&#NN;` decimal code point.
        case ampersand
    }

    /// Parses a field reference with Logstash's strict rules.
    /// - Throws: `FieldPathError` with code `.invalidReference` for an illegal form.
    public init(parsing text: String, escapeStyle: EscapeStyle = .none) throws(FieldPathError) {
        var keys: [String]
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) {
            keys = [text]
        } else {
            var tokenizer = FieldPathTokenizer(Array(text.utf8), text: text)
            keys = try tokenizer.parseSequence(nested: false)
            guard tokenizer.atEnd else { throw tokenizer.error() }
        }
        if escapeStyle != .none { keys = keys.map { FieldPath.unescape($0, style: escapeStyle) } }
        if keys[0] == "@metadata" {
            self.init(root: .metadata, segments: keys.dropFirst().map(Segment.init), text: text)
        } else {
            self.init(root: .data, segments: keys.map(Segment.init), text: text)
        }
    }

    static func unescape(_ key: String, style: EscapeStyle) -> String {
        let bytes = Array(key.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            switch style {
            case .percent:
                if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                    let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
                {
                    out.append(hi << 4 | lo)
                    i += 3
                    continue
                }
                if bytes[i] == UInt8(ascii: "+") {
                    out.append(UInt8(ascii: " "))
                    i += 1
                    continue
                }
            case .ampersand:
                if bytes[i] == UInt8(ascii: "&"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "#") {
                    var j = i + 2
                    var code: UInt32 = 0
                    while j < bytes.count, (48...57).contains(bytes[j]), code < 0x11_0000 {
                        code = code * 10 + UInt32(bytes[j] - 48)
                        j += 1
                    }
                    if j > i + 2, j < bytes.count, bytes[j] == UInt8(ascii: ";"), let scalar = Unicode.Scalar(code) {
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i = j + 1
                        continue
                    }
                }
            case .none:
                break
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}

/// The bracket tokenizer behind `FieldPath(parsing:)`.
struct FieldPathTokenizer {
    let bytes: [UInt8]
    let text: String
    var index = 0

    init(_ bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    var atEnd: Bool { index >= bytes.count }

    func error() -> FieldPathError {
        FieldPathError(.invalidReference, "Invalid FieldReference: `\(text)`")
    }

    /// One or more `[segment]`s. When `nested`, stops before the `]` that closes the enclosing segment.
    mutating func parseSequence(nested: Bool) throws(FieldPathError) -> [String] {
        var keys: [String] = []
        while true {
            if atEnd {
                if nested { throw error() }
                break
            }
            if nested && bytes[index] == UInt8(ascii: "]") { break }
            guard bytes[index] == UInt8(ascii: "[") else { throw error() }
            index += 1
            guard !atEnd else { throw error() }
            if bytes[index] == UInt8(ascii: "[") {
                keys += try parseSequence(nested: true)
                guard !atEnd, bytes[index] == UInt8(ascii: "]") else { throw error() }
                index += 1
            } else {
                let start = index
                while !atEnd, bytes[index] != UInt8(ascii: "]") {
                    if bytes[index] == UInt8(ascii: "[") { throw error() }
                    index += 1
                }
                guard !atEnd, index > start else { throw error() }
                keys.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 1
            }
        }
        guard !keys.isEmpty else { throw error() }
        return keys
    }
}
