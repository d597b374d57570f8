/// Why a JSON document was rejected, and where.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case unexpectedEnd
        case unexpectedCharacter
        case invalidNumber
        case invalidEscape
        case controlCharacterInString
        case nestingTooDeep
        case trailingData
        case emptyDocument
    }

    public let code: Code
    /// Byte offset of the problem in the input.
    public let offset: Int

    public init(_ code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var description: String {
        let what =
            switch code {
            case .unexpectedEnd: "unexpected end of input"
            case .unexpectedCharacter: "unexpected character"
            case .invalidNumber: "invalid number"
            case .invalidEscape: "invalid escape sequence"
            case .controlCharacterInString: "unescaped control character in string"
            case .nestingTooDeep: "nesting too deep"
            case .trailingData: "unexpected data after the JSON value"
            case .emptyDocument: "no JSON value"
            }
        return "\(what) at byte \(offset)"
    }
}
