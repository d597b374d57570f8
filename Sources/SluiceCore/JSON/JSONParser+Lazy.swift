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
            if skipCleanStringBytes() {
                let raw = UnsafeBufferPointer(start: base + keyStart, count: index - keyStart)
                let hash = StringCache.hash(raw.baseAddress!, count: raw.count)
                key = strings?.string(raw.baseAddress!, count: raw.count, hash: hash) ?? String(decoding: raw, as: UTF8.self)
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
            members.append(LazyObject.Member(key: key, slot: slot))
            guard try moreAfterMember(closedBy: UInt8(ascii: "}")) else { break }
        }
        depth -= 1
        return members
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
