public import SluiceConfig

/// Prints diagnostics compiler-style: `file:line:col: error: message`, the source line with a caret
/// under the column, and the hint.
public struct DiagnosticPrinter: Sendable {
    public let sources: [ConfigSource]

    public init(sources: [ConfigSource]) {
        self.sources = sources
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let source = sources.first { $0.name == diagnostic.location.file }
        let line = diagnostic.location.line > 0 ? source?.lineText(diagnostic.location.line) : nil
        return diagnostic.rendered(sourceLine: line.map(DiagnosticPrinter.redactingSecrets))
    }

    /// A source line with the values of secret-looking settings (`password`, `api_key`,
    /// `*passphrase`, `*secret*`, `*token*`, `cloud_auth`) replaced by `<secret>`, so that echoing
    /// the line under an error never prints a secret.
    static func redactingSecrets(_ line: String) -> String {
        // Built per call: only error output comes here, and a Regex is not Sendable.
        let secretSetting =
            #/(?i)((?:password|passphrase|api_key|cloud_auth|secret|token)["']?\s*)=>\s*(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\[[^\]]*\]|[^\s}]+)/#
        return line.replacing(secretSetting) { match in "\(match.output.1)=> \"<secret>\"" }
    }

    /// Every diagnostic, then a summary line when there are errors.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var text = diagnostics.map(render).joined(separator: "\n")
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if errors > 0 {
            var counts = "\(errors) error\(errors == 1 ? "" : "s")"
            if warnings > 0 { counts += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
            text += "\nconfiguration is invalid: \(counts)"
        }
        return text
    }
}
