/// A setting's value after checking: typed, with environment references substituted.
public indirect enum OptionValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([OptionValue])
    /// Entries in the order written; keys are strings (numbers written as keys are turned into text).
    case hash([OptionHashEntry])
    case codec(CodecSetting)
    /// A secret: `description` never shows it.
    case password(Secret)

    /// The text of a string-like value.
    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .password(let secret): secret.value
        default: nil
        }
    }
}

/// One `key => value` of a hash setting.
public struct OptionHashEntry: Sendable, Hashable {
    public var key: String
    public var value: OptionValue

    public init(key: String, value: OptionValue) {
        self.key = key
        self.value = value
    }
}

/// A codec named in a setting, with its own settings (not checked against a schema yet).
public struct CodecSetting: Sendable, Hashable {
    public var name: String
    public var settings: [String: OptionValue]

    public init(name: String, settings: [String: OptionValue] = [:]) {
        self.name = name
        self.settings = settings
    }
}

/// A password or key: printed as `<secret>` everywhere.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}
