public import SluiceCore

/// One row of CSV as Ruby's `CSV.parse_line(text, col_sep:, quote_char:)` reads it (what
/// logstash-filter-csv calls), over bytes:
///
/// - fields are split by `separator` (one or more bytes);
/// - a field that starts with the quote character runs to the quote that is not doubled, with
///   `""` read as one quote; after it must come the separator or the end of the row;
/// - an unquoted field may not hold the quote character (Ruby: "Illegal quoting");
/// - an unquoted empty field is `nil`, a quoted empty one `""`;
/// - the row ends at the first `\r\n`, `\n` or `\r` outside quotes (what follows is not read,
///   as `parse_line` reads one row); an empty row is `nil`.
public struct CSVLineParser: Sendable, Hashable {
    /// A field: absent (an empty unquoted field), bytes of the text, or a quoted field whose
    /// doubled quotes were undone.
    public enum Field: Equatable, Sendable {
        case empty
        case bytes(Range<Int>)
        case unquoted(String)
    }

    /// Why a row is not CSV.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
        public let offset: Int
    }

    public let separator: [UInt8]
    /// `nil`: no quoting (Logstash's `quote_char => "\x00"`).
    public let quote: UInt8?

    public init(separator: [UInt8], quote: UInt8?) {
        precondition(!separator.isEmpty, "a CSV separator has at least one byte")
        self.separator = separator
        self.quote = quote
    }

    /// The fields of the first row of `text`; `nil` when that row is empty.
    public func parse(_ text: UnsafeRawBufferPointer) throws(Malformed) -> [Field]? {
        let n = text.count
        var fields: [Field] = []
        var i = 0
        if i == n || Self.isRowEnd(text[i]) { return nil }
        let first = separator[0]
        while true {
            // One field starting at i.
            if let quote, i < n, text[i] == quote {
                var j = i + 1
                var content: [UInt8]?
                var start = j
                while true {
                    guard j < n else { throw Malformed(description: "Unclosed quoted field", offset: i) }
                    if text[j] == quote {
                        if j + 1 < n && text[j + 1] == quote {
                            if content == nil { content = [] }
                            content!.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start...j]))
                            j += 2
                            start = j
                            continue
                        }
                        break
                    }
                    j += 1
                }
                if var content {
                    content.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<j]))
                    fields.append(.unquoted(String(decoding: content, as: UTF8.self)))
                } else {
                    fields.append(.bytes(start..<j))
                }
                i = j + 1
                if i == n || Self.isRowEnd(text[i]) { return fields }
                guard ByteSearch.hasPrefix(separator, in: text, at: i) else {
                    throw Malformed(description: "Any value after quoted field isn't allowed", offset: i)
                }
                i += separator.count
                continue
            }
            var j = i
            while j < n {
                let byte = text[j]
                if byte == first && ByteSearch.hasPrefix(separator, in: text, at: j) { break }
                if Self.isRowEnd(byte) { break }
                if let quote, byte == quote { throw Malformed(description: "Illegal quoting", offset: j) }
                j += 1
            }
            fields.append(j == i ? .empty : .bytes(i..<j))
            if j == n || Self.isRowEnd(text[j]) { return fields }
            i = j + separator.count
        }
    }

    /// The values of the first row of `text` (`nil` for an empty unquoted field); `nil` when that
    /// row is empty.
    public func values(_ text: String) throws(Malformed) -> [String?]? {
        let result = ByteSearch.withBytes(of: text) { raw in
            Result { () throws(Malformed) -> [String?]? in
                try parse(raw)?.map { field in
                    switch field {
                    case .empty: nil
                    case .bytes(let range): ByteSearch.string(raw, range)
                    case .unquoted(let string): string
                    }
                }
            }
        }
        return try result.get()
    }

    @inline(__always) static func isRowEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
}
