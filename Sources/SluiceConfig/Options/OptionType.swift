/// The value types of plugin settings, with Logstash's names (`:validate => :string`, ...).
public indirect enum OptionType: Sendable, Hashable {
    case string
    /// An integer or a decimal (a numeric string is accepted, as Logstash does).
    case number
    /// `true` or `false` only.
    case boolean
    /// A list of `element`; a single value is taken as a one-element list.
    case array(of: OptionType)
    /// `{ k => v }`, or an even-length list `[k1, v1, k2, v2]`.
    case hash
    /// A file system path.
    case path
    /// A secret: never shown in logs or messages.
    case password
    /// A URI (`http://user:pass@host:9200/path`); credentials are hidden in messages.
    case uri
    /// A codec: a name (`json`) or a plugin (`json { charset => "UTF-8" }`).
    case codec
    /// A field reference (`[a][b]`), checked with Logstash's rules.
    case fieldReference
    /// A string from a fixed set.
    case oneOf([String])
    /// A string or a list of strings (several Logstash options accept both).
    case stringOrArray

    /// How the type is named in messages.
    public var name: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean (true or false)"
        case .array(let element): "a list of \(element.pluralName)"
        case .hash: "a hash ({ key => value })"
        case .path: "a path"
        case .password: "a password"
        case .uri: "a URI"
        case .codec: "a codec"
        case .fieldReference: "a field reference"
        case .oneOf(let values): "one of \(values.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .stringOrArray: "a string or a list of strings"
        }
    }

    var pluralName: String {
        switch self {
        case .string: "strings"
        case .number: "numbers"
        case .path: "paths"
        case .uri: "URIs"
        case .fieldReference: "field references"
        case .hash: "hashes"
        default: "values"
        }
    }
}
