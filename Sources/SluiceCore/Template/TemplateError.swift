/// A template (`%{...}` string) that cannot be compiled.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public let template: String
    public let message: String

    public init(template: String, message: String) {
        self.template = template
        self.message = message
    }

    public var description: String { "invalid template \"\(template)\": \(message)" }
}
