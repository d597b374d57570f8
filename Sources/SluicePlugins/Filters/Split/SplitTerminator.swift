/// Where a text is cut, as Ruby's `String#split(terminator, -1)`: at each occurrence of the
/// terminator's bytes, keeping empty pieces (trailing ones too); a single space means runs of
/// whitespace with leading whitespace ignored (awk style); an empty terminator cuts between
/// characters. An empty text has no pieces.
struct SplitTerminator: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case bytes([UInt8])
        case whitespace
        case characters
    }

    let kind: Kind

    init(_ text: String) {
        switch text {
        case " ": kind = .whitespace
        case "": kind = .characters
        default: kind = .bytes(Array(text.utf8))
        }
    }

    /// The pieces of `text`.
    func pieces(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }  // Ruby: "".split(anything, -1) is []
        switch kind {
        case .characters:
            return text.map(String.init)
        case .whitespace:
            return Self.whitespacePieces(Array(text.utf8))
        case .bytes(let separator):
            return Self.pieces(Array(text.utf8), at: separator)
        }
    }

    private static func pieces(_ bytes: [UInt8], at separator: [UInt8]) -> [String] {
        var pieces: [String] = []
        var start = 0
        var index = 0
        let last = bytes.count - separator.count
        while index <= last {
            if bytes[index] == separator[0] && bytes[index..<index + separator.count].elementsEqual(separator) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    /// Ruby's awk-style split with limit -1: leading whitespace skipped, each run of whitespace one
    /// cut, and one empty piece after trailing whitespace.
    private static func whitespacePieces(_ bytes: [UInt8]) -> [String] {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var pieces: [String] = []
        var index = 0
        while index < bytes.count && isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return [] }
        var start = index
        while index < bytes.count {
            if isSpace(bytes[index]) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                while index < bytes.count && isSpace(bytes[index]) { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }
}
