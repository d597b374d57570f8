/// The recursive-descent parser behind `JSONReader`. Works on a raw pointer and an index; strings
/// without escapes become `String`s straight from the input bytes.
struct JSONParser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    var index = 0
    var depth = 0
    // Unretained: a parser lives only inside one call of its reader, which holds both objects
    // for the whole call. Held as references, each parse retained and released both (four
    // atomic operations per document, two documents per beats event).
    /// Shares strings that repeat across documents, when the reader has one.
    let strings: Unmanaged<StringCache>?
    /// Reused memory for decoding strings with escapes, when the reader has it.
    let scratch: Unmanaged<UnescapeBuffer>?

    /// - Parameter base: the first byte of a non-empty input of `count` bytes.
    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int, strings: StringCache?, scratch: UnescapeBuffer? = nil) {
        self.base = base
        self.end = count
        self.maxDepth = maxDepth
        self.strings = strings.map { Unmanaged.passUnretained($0) }
        self.scratch = scratch.map { Unmanaged.passUnretained($0) }
    }

    mutating func parseDocument() throws(JSONError) -> Value {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < end else { throw JSONError(.emptyDocument, offset: index) }
        let value = try parseValue()
        skipWhitespace()
        guard index == end else { throw JSONError(.trailingData, offset: index) }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            let c = base[index]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            index += 1
        }
    }

    mutating func parseValue() throws(JSONError) -> Value {
        guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
        switch base[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw JSONError(.unexpectedCharacter, offset: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard end - index >= count else { throw JSONError(.unexpectedEnd, offset: index) }
        let p = literal.utf8Start
        for k in 0..<count where base[index + k] != p[k] {
            throw JSONError(.unexpectedCharacter, offset: index + k)
        }
        index += count
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= maxDepth else { throw JSONError(.nestingTooDeep, offset: index) }
    }

    /// Parses an object; the cursor is on `{`.
    mutating func parseObject() throws(JSONError) -> OrderedObject {
        try enter()
        index += 1
        var object = OrderedObject(minimumCapacity: 12)
        skipWhitespace()
        guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
        if base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return object
        }
        while true {
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            guard base[index] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedCharacter, offset: index) }
            let key = try parseString()
            skipWhitespace()
            guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
            guard base[index] == UInt8(ascii: ":") else { throw JSONError(.unexpectedCharacter, offset: index) }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if let existing = object.position(of: key) {
                object.entries[existing].value = value
            } else {
                object.appendNew(key: key, value: value)
            }
            guard try moreAfterMember(closedBy: UInt8(ascii: "}")) else { break }
        }
        depth -= 1
        return object
    }

    /// Parses an array; the cursor is on `[`.
    mutating func parseArray() throws(JSONError) -> [Value] {
        try enter()
        index += 1
        var list: [Value] = []
        skipWhitespace()
        guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
        if base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return list
        }
        while true {
            list.append(try parseValue())
            guard try moreAfterMember(closedBy: UInt8(ascii: "]")) else { break }
        }
        depth -= 1
        return list
    }

    /// After an object member or array element: `true` after a `,` (cursor on the next one),
    /// `false` after `closing` (cursor past it).
    @inline(__always)
    mutating func moreAfterMember(closedBy closing: UInt8) throws(JSONError) -> Bool {
        skipWhitespace()
        guard index < end else { throw JSONError(.unexpectedEnd, offset: index) }
        let c = base[index]
        index += 1
        if c == UInt8(ascii: ",") {
            skipWhitespace()
            return true
        }
        if c == closing { return false }
        throw JSONError(.unexpectedCharacter, offset: index - 1)
    }
}
