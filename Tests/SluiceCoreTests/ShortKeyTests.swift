@testable import SluiceCore
import Testing

/// Keys of up to 15 bytes are read as two words (`JSONParser.shortCleanKey`): the same hash, the
/// same shared strings and the same plainness as the byte-wise path.
@Suite struct ShortKeyTests {
    @Test func theWordHashEqualsTheByteHashForEveryShortLength() {
        var generator = SystemRandomNumberGenerator()
        for count in 0..<16 {
            for _ in 0..<200 {
                let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var low: UInt64 = 0
                var high: UInt64 = 0
                for k in 0..<count {
                    if k < 8 { low |= UInt64(bytes[k]) << UInt64(8 * k) } else { high |= UInt64(bytes[k]) << UInt64(8 * (k - 8)) }
                }
                let byteHash = bytes.withUnsafeBufferPointer { StringCache.hash($0.baseAddress!, count: count) }
                #expect(StringCache.hash(low: low, high: high, count: count) == byteHash, "count \(count)")
                let masks = StringCache.masks(count)
                let wordLow = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let wordHigh = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
                #expect(wordLow & masks.low == low && wordHigh & masks.high == high, "count \(count)")
            }
        }
    }

    /// Keys of every length around the two words, with brackets, `@`, `tags` and escapes, parsed
    /// lazily (a reader with its string cache, twice so the second read hits the cache) and fully.
    @Test func lazyMembersMatchTheFullParser() throws {
        let keys = [
            "", "a", "tags", "tagsx", "@ts", "a[b]", "x]", "seven77", "eight888", "nine99999", "fifteen15fifte",
            "fifteen15fifteN", "sixteen16sixteen", "seventeen17seven", "k\\u0041y", "é", "ключ", "[a][b]",
        ]
        let reader = JSONReader()
        for key in keys {
            // Padding after the object keeps 16 bytes readable past short keys; the short document
            // at the end tests the near-the-end fallback.
            for document in ["{\"\(key)\":1,\"b\":\"v\"}      \n                ", "{\"\(key)\":1}"] {
                let full = try JSONReader.parse(Array(document.utf8))
                for _ in 0..<2 {
                    guard let lazy = reader.parseLazily(document) else {
                        Issue.record("not read lazily: \(document)")
                        continue
                    }
                    guard case .object(let object) = full else { continue }
                    #expect(lazy.count == object.count)
                    for (i, entry) in object.entryList.enumerated() {
                        #expect(lazy.members[i].key == entry.key)
                        #expect(lazy.value(at: i) == entry.value)
                    }
                    let plain = object.entryList.allSatisfy { LazyObject.isPlainKey($0.key) }
                    // A key written with an escape counts as not plain (the merge then checks it).
                    #expect(lazy.hasOnlyPlainKeys == (plain && !key.contains("\\")), "key \(key)")
                }
            }
        }
    }
}
