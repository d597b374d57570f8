/// Reads JSON text (RFC 8259) into `Value`s, byte by byte, without Foundation.
///
/// - Strings: every escape; surrogate pairs joined; a lone surrogate becomes U+FFFD; invalid UTF-8
///   is replaced with U+FFFD; an unescaped control character is an error.
/// - Numbers: `Int64` when the literal is an integer that fits; otherwise `Double` when finite;
///   otherwise (`1e400`, a 30-digit integer) the literal text is kept as `.bigNumber`.
/// - Duplicate keys: the last value wins, at the first key's position.
/// - Nesting deeper than `maxDepth` is an error, never a stack overflow.
/// - A leading UTF-8 byte order mark is skipped.
///
/// A reader instance keeps a cache of recent strings, so values that repeat across records are
/// made once; give each worker its own reader (it is not `Sendable`). The static `parse`
/// functions are for one-off documents.
public struct JSONReader {
    /// The nesting limit used when none is given.
    public static let defaultMaxDepth = 512

    public let maxDepth: Int
    /// The string cache's slots unless told otherwise.
    public static let defaultCacheSlots = StringCache.defaultSlotCount
    private let strings: StringCache
    private let scratch = UnescapeBuffer()

    /// - Parameter cacheSlots: the size of the reader's string cache (2048 slots, ~200 KiB, by
    ///   default; a reader per network connection takes fewer).
    public init(maxDepth: Int = JSONReader.defaultMaxDepth, cacheSlots: Int = JSONReader.defaultCacheSlots) {
        self.maxDepth = maxDepth
        strings = StringCache(slots: cacheSlots)
    }

    /// Parses one JSON document filling all of `bytes` (surrounding whitespace allowed).
    /// - Throws: `JSONError` with the byte offset of the problem.
    /// - Complexity: O(n) in the input size.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> Value {
        try JSONReader.parse(bytes, maxDepth: maxDepth, strings: strings, scratch: scratch)
    }

    static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int, strings: StringCache?, scratch: UnescapeBuffer? = nil
    ) throws(JSONError) -> Value {
        guard let address = bytes.baseAddress, bytes.count > 0 else { throw JSONError(.emptyDocument, offset: 0) }
        var parser = JSONParser(
            base: address.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: maxDepth,
            strings: strings, scratch: scratch)
        return try parser.parseDocument()
    }

    /// Parses one JSON document (no string cache).
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONError)
        -> Value
    {
        try parse(bytes, maxDepth: maxDepth, strings: nil)
    }

    /// Parses one JSON document from a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONError) -> Value {
        let result: Result<Value, JSONError> = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> Value in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses one JSON document from a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> Value {
        var text = text
        let result: Result<Value, JSONError> = text.withUTF8 { buffer in
            Result { () throws(JSONError) -> Value in try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth) }
        }
        return try result.get()
    }
}

extension JSONReader {
    /// Reads `text` as one JSON object whose clean string values are kept as ranges of `text`
    /// (see `LazyObject`), for merging into an event without making a `String` per value.
    ///
    /// - Returns: `nil` when the text is not JSON, not an object, has duplicate keys or many
    ///   members: use `parse` for those (it gives the value or the precise error).
    public func parseLazily(_ text: String) -> LazyObject? {
        var source = text
        let parsed: (members: [LazyObject.Member], plainKeys: Bool)?? = source.withUTF8 { bytes in
            guard let address = bytes.baseAddress, bytes.count > 0 else { return nil }
            var parser = JSONParser(base: address, count: bytes.count, maxDepth: maxDepth, strings: strings, scratch: scratch)
            return try? parser.parseLazyDocument()
        }
        guard let found = parsed, let found else { return nil }
        return LazyObject(source: source, members: found.members, plainKeys: found.plainKeys)
    }
}
