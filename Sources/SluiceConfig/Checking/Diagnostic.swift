/// A config error or warning at a source location, with an optional hint.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public let severity: Severity
    public let location: SourceLocation
    public let message: String
    public let hint: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// Compiler-style text: `file:line:col: error: message`, the source line, a caret under the
    /// column, and the hint on its own line.
    /// - Parameter sourceLine: the text of the line the location points into, when known.
    public func rendered(sourceLine: String?) -> String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let sourceLine {
            let shown = sourceLine.replacingTabs()
            text += "\n    \(shown)\n    "
            let prefix = sourceLine.prefix(max(0, location.column - 1))
            text += String(repeating: " ", count: prefix.replacingTabs().count) + "^"
        }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

extension StringProtocol {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
