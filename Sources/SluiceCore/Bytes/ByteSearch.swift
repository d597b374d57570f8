#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Searches in a string's UTF-8 bytes for the byte-level parsers of plugins (dissect, grok), so
/// that the pointer work (`memchr`, raw buffers) stays here.
public enum ByteSearch {
    /// The first byte offset at or after `start` where `needle` occurs in `text`.
    /// - Complexity: O(n × m), the needle's first byte found with `memchr`.
    public static func firstIndex(of needle: [UInt8], in text: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let first = needle.first, start >= 0, start <= text.count - needle.count, let base = text.baseAddress else { return nil }
        var i = start
        let last = text.count - needle.count
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            i = base.distance(to: UnsafeRawPointer(hit))
            if needle.count == 1 || hasPrefix(needle, in: text, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Whether `needle` occurs in `text` at byte offset `position`.
    public static func hasPrefix(_ needle: [UInt8], in text: UnsafeRawBufferPointer, at position: Int) -> Bool {
        guard position >= 0, position + needle.count <= text.count else { return false }
        for (offset, byte) in needle.enumerated() where text[position + offset] != byte { return false }
        return true
    }

    /// Whether `text` holds the byte at all.
    public static func contains(_ byte: UInt8, in text: UnsafeRawBufferPointer) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        return memchr(base, Int32(byte), text.count) != nil
    }

    /// The text of a byte range (invalid UTF-8 replaced).
    public static func string(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: text[range]), as: UTF8.self)
    }

    /// Calls `body` with the string's UTF-8 bytes (made contiguous if they are not).
    public static func withBytes<R>(of text: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var text = text
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
