/// One setting a plugin accepts: its name, type, default, and how to document it.
public struct OptionSpec: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case current
        /// Still accepted, with a warning that says what to use instead.
        case deprecated(String)
        /// An error that says what to use instead.
        case obsolete(String)
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
}
