/// A setting's value as written in the config, with where it was written.
public struct ConfigValue: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A quoted string, quotes removed (escapes processed only with `config.support_escapes`).
        case string(String)
        /// An unquoted word (`json`, `true`, `plain`).
        case bareword(String)
        /// A number without a fraction (a leading `0` means octal, as in Ruby's `Integer()`).
        case integer(Int64)
        /// A number with a fraction.
        case float(Double)
        case array([ConfigValue])
        /// `{ key => value ... }`; keys keep their literal kind.
        case hash([HashEntry])
        /// A plugin as a value: `codec => json { charset => "UTF-8" }`.
        case plugin(PluginNode)
    }

    public struct HashEntry: Sendable, Hashable {
        public var key: ConfigValue
        public var value: ConfigValue

        public init(key: ConfigValue, value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The text of a string or bareword (or a number written as text), for keys and names.
    public var text: String? {
        switch kind {
        case .string(let s), .bareword(let s): s
        case .integer(let n): String(n)
        case .float(let d): String(d)
        default: nil
        }
    }
}
