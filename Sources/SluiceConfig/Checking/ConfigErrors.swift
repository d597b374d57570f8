/// The diagnostics that make a config invalid (an `Error`, so loading and checking can throw it).
public struct ConfigErrors: Error, Sendable, Hashable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}
