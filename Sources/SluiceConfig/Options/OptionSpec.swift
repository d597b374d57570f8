/// One setting a plugin accepts: its name, type, default, and how to document it.
///
/// The declaration is the only place a default is written: the checker fills it in, decoders read
/// it through `OptionReader`, and docs/configuration.md is generated from it.
public struct OptionSpec: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case current
        /// Still accepted, with a warning that says what to use instead.
        case deprecated(String)
        /// Logstash 8 deprecated it and Logstash 9 removed it in favour of `replacement`: accepted
        /// with a warning and read as `replacement` (an error with `check --strict`). `values` maps
        /// the old setting's values to the new one's (`true` → `"full"`); empty: the same value.
        case renamed(to: String, values: [String: String])
        /// An error that says what to use instead.
        case obsolete(String)
        /// Accepted for compatibility, with a warning that it has no effect in Sluice, and why.
        case noEffect(String)
    }

    public let name: String
    public let type: OptionType
    public let defaultValue: OptionValue?
    public let isRequired: Bool
    public let status: Status
    /// One line for `sluice check --list-plugins`.
    public let doc: String

    public init(
        _ name: String, _ type: OptionType, default defaultValue: OptionValue? = nil, required: Bool = false,
        status: Status = .current, doc: String = ""
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.status = status
        self.doc = doc
    }

    /// An old name of `replacement` (Logstash 8's deprecated SSL settings, say).
    public static func renamed(_ name: String, _ type: OptionType, to replacement: String, values: [String: String] = [:]) -> OptionSpec {
        OptionSpec(name, type, status: .renamed(to: replacement, values: values))
    }
}

extension OptionSpec {
    /// Whether "did you mean" may suggest it (not for old names that are only read as others).
    public var isOffered: Bool {
        switch status {
        case .current, .deprecated, .noEffect: true
        case .renamed, .obsolete: false
        }
    }
}
