/// A stage's settings after checking: every declared option with its value or default.
///
/// Built once by the checker; plugins read it when they are constructed. Getters return `nil` only
/// for options that have no value and no default; a wrong type cannot reach here.
public struct PluginOptions: Sendable, Hashable {
    public let values: [String: OptionValue]
    /// Where each setting was written (absent for defaults).
    public let locations: [String: SourceLocation]

    public init(values: [String: OptionValue], locations: [String: SourceLocation] = [:]) {
        self.values = values
        self.locations = locations
    }

    public subscript(name: String) -> OptionValue? { values[name] }

    /// Whether the config set this option (rather than it taking its default).
    public func isSet(_ name: String) -> Bool { locations[name] != nil }

    public func string(_ name: String) -> String? { values[name]?.stringValue }

    public func integer(_ name: String) -> Int64? {
        switch values[name] {
        case .integer(let n)?: n
        case .float(let d)?: Int64(exactly: d.rounded(.towardZero))
        default: nil
        }
    }

    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .integer(let n)?: Double(n)
        case .float(let d)?: d
        default: nil
        }
    }

    public func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = values[name] { return b }
        return nil
    }

    /// A list of strings (a single string counts as a list of one).
    public func strings(_ name: String) -> [String]? {
        switch values[name] {
        case .array(let list)?: list.compactMap(\.stringValue)
        case .string(let s)?: [s]
        default: nil
        }
    }

    public func hash(_ name: String) -> [OptionHashEntry]? {
        if case .hash(let entries)? = values[name] { return entries }
        return nil
    }

    public func codec(_ name: String = "codec") -> CodecSetting? {
        if case .codec(let codec)? = values[name] { return codec }
        return nil
    }

    public func secret(_ name: String) -> Secret? {
        switch values[name] {
        case .password(let secret)?: secret
        case .string(let s)?: Secret(s)
        default: nil
        }
    }
}
