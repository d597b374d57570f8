/// The text of one config part: a file, or the `-e` string.
public struct ConfigSource: Sendable, Hashable {
    /// The file path as given, or `config string` for `-e`.
    public let name: String
    public let bytes: [UInt8]
    /// Byte offsets where each line starts (line 1 starts at 0).
    let lineStarts: [Int]
    /// Whether each line is pure ASCII (then a column is a byte difference, found in O(1)).
    let lineIsASCII: [Bool]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        var ascii: [Bool] = []
        var lineASCII = true
        for (i, byte) in bytes.enumerated() {
            if byte >= 0x80 { lineASCII = false }
            if byte == UInt8(ascii: "\n") {
                starts.append(i + 1)
                ascii.append(lineASCII)
                lineASCII = true
            }
        }
        ascii.append(lineASCII)
        self.lineStarts = starts
        self.lineIsASCII = ascii
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(ofOffset offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let lineStart = lineStarts[low]
        let column =
            lineIsASCII[low]
            ? clamped - lineStart + 1 : String(decoding: bytes[lineStart..<clamped], as: UTF8.self).count + 1
        return SourceLocation(file: name, line: low + 1, column: column)
    }

    /// The text of a 1-based line, without its line ending.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1 && line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
