/// A date pattern that cannot be compiled (an unknown letter, an unterminated quote).
public struct DatePatternError: Error, Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    public let message: String

    public init(pattern: String, message: String) {
        self.pattern = pattern
        self.message = message
    }

    public var description: String { "invalid date pattern \"\(pattern)\": \(message)" }
}
