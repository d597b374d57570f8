/// A field reference that cannot be parsed, or an access that Logstash refuses.
public struct FieldPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The text is not a legal field reference (`foo[bar]`, `[a]]`, `[]`).
        case invalidReference
        /// A set or remove that cannot be done (a child of a scalar, a bad list index, a bad `tags`).
        case invalidAccess
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
