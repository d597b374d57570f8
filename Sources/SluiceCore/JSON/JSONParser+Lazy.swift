extension JSONParser {
    /// The most members a lazily read object may have; larger ones take the full parser (whose
    /// objects index their keys), so duplicate checks here stay cheap.
    static let lazyMemberLimit = 24

    /// Reads a document that is one JSON object into members whose clean string values stay text.
    ///
    /// - Returns: `nil` when the document is not an object, has duplicate keys or more than
    ///   `lazyMemberLimit` members: the caller then uses the full parser, which gives the same
    ///   result (or error) as always.
    /// - Throws: `JSONError` for text that is not JSON (the full parser reports the same error).
    mutating func parseLazyDocument() throws(JSONError) -> (members: [LazyObject.Member], plainKeys: Bool)? {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < end, base[index] == UInt8(ascii: "{") else { return nil }
        var plainKeys = true
        guard let members = try parseLazyMembers(plainKeys: &plainKeys) else { return nil }
        skipWhitespace()
        guard index == end else { throw JSONError(.trailingData, offset: index) }
        return (members, plainKeys)
    }

    /// The members of the object at the cursor (on `{`).
    /// `plainKeys` becomes false when a key may not be a plain field name (see `LazyObject.isPlainKey`).
    private mutating func parseLazyMembers(plainKeys: inout Bool) throws(JSONError) -> [LazyObject.Member]? {
        try enter()
        index += 1
        var members: [LazyObject.Member] = []
        skipWhitespace()
        guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
        if base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return members
        }
        members.reserveCapacity(12)
        // A bit per key hash seen: a key whose bit is clear cannot be a duplicate, so the
        // pairwise check runs only on a (rare) hit. After a key with escapes every key is checked.
        var seen: UInt64 = 0
        while true {
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            guard base[index] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedCharacter, offset: index) }
            let keyStart = index + 1
            index = keyStart
            let key: String
            let mayRepeat: Bool
            // Bound apart, and consumed into the member below: copied, the key cost a retain and
            // a release more per key.
            if case let (shortKey, hash, plain)? = shortCleanKey() {
                key = consume shortKey
                if plainKeys { plainKeys = plain }
                let bit: UInt64 = 1 << (hash >> 58)
                mayRepeat = seen & bit != 0
                seen |= bit
            } else if skipCleanStringBytes() {
                let raw = UnsafeBufferPointer(start: base + keyStart, count: index - keyStart)
                let hash = StringCache.hash(raw.baseAddress!, count: raw.count)
                if let strings {
                    key = strings._withUnsafeGuaranteedRef { $0.string(raw.baseAddress!, count: raw.count, hash: hash) }
                } else {
                    key = String(decoding: raw, as: UTF8.self)
                }
                index += 1
                if plainKeys { plainKeys = LazyObject.isPlainKey(raw) }
                let bit: UInt64 = 1 << (hash >> 58)
                mayRepeat = seen & bit != 0
                seen |= bit
            } else {
                // A key with an escape counts as not plain (the caller checks it).
                index = keyStart - 1
                key = try parseString()
                plainKeys = false
                mayRepeat = true
                seen = .max
            }
            if members.count == JSONParser.lazyMemberLimit || (mayRepeat && JSONParser.contains(key, in: members)) { return nil }
            skipWhitespace()
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            guard base[index] == UInt8(ascii: ":") else { throw JSONError(.unexpectedCharacter, offset: index) }
            index += 1
            skipWhitespace()
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            let slot: LazyObject.Slot
            if base[index] == UInt8(ascii: "\"") {
                slot = try parseLazyString()
            } else {
                slot = .value(try parseValue())
            }
            members.append(LazyObject.Member(key: consume key, slot: slot))
            guard try moreAfterMember(closedBy: UInt8(ascii: "}")) else { break }
        }
        depth -= 1
        return members
    }

    /// A key of at most 15 bytes without escapes, read as two words (most keys of a log record):
    /// its length, hash, shared `String` and plainness (`LazyObject.isPlainKey`) without a loop
    /// over its bytes. The cursor is after the opening quote; on success it is after the closing
    /// one. `nil` (cursor unmoved) when the key is longer, has an escape, is near the end of the
    /// input, or there is no string cache.
    @inline(__always)
    private mutating func shortCleanKey() -> (key: String, hash: UInt64, plain: Bool)? {
        guard let strings, index + 16 <= end else { return nil }
        let start = base + index
        let raw = UnsafeRawPointer(start)
        let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let count: Int
        let firstMask = JSONWriter.escapeMask(first)
        if firstMask != 0 {
            count = firstMask.trailingZeroBitCount >> 3
        } else {
            let secondMask = JSONWriter.escapeMask(second)
            guard secondMask != 0 else { return nil }
            count = 8 + (secondMask.trailingZeroBitCount >> 3)
        }
        guard start[count] == UInt8(ascii: "\"") else { return nil }
        let (lowMask, highMask) = StringCache.masks(count)
        let low = first & lowMask
        let high = second & highMask
        let hash = StringCache.hash(low: low, high: high, count: count)
        let key = strings._withUnsafeGuaranteedRef { $0.string(start, count: count, low: low, high: high, hash: hash) }
        index += count + 1
        // Plain: not empty, not `@...`, not `tags`, no `[` or `]` (zero padding matches neither).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func has(_ word: UInt64, _ byte: UInt64) -> Bool {
            let x = word ^ (ones &* byte)
            return (x &- ones) & ~x & highs != 0
        }
        let plain = count > 0 && low & 0xFF != 0x40 && !(count == 4 && low == 0x7367_6174)
            && !has(low, 0x5B) && !has(low, 0x5D) && !has(high, 0x5B) && !has(high, 0x5D)
        return (key, hash, plain)
    }

    /// A string value: its byte range when it needs no unescaping, else the parsed `String`.
    /// The cursor is on the opening quote.
    private mutating func parseLazyString() throws(JSONError) -> LazyObject.Slot {
        let quote = index
        index += 1
        let start = index
        if skipCleanStringBytes() {
            index += 1
            return .text(start: start, count: index - 1 - start)
        }
        index = quote
        return .value(.string(try parseString()))
    }

    private static func contains(_ key: String, in members: [LazyObject.Member]) -> Bool {
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer in
            buffer.contains { $0.key.utf8.count == length && $0.key == key }
        }
    }
}
