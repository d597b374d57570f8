public import SluiceConfig
public import SluiceCore

/// Conversions between checked option values and event values.
public enum PluginValues {
    /// An option value as an event value (for `add_field`, `replace`, ...).
    public static func value(of option: OptionValue) -> Value {
        switch option {
        case .string(let s): .string(s)
        case .integer(let n): .int(n)
        case .float(let d): .double(d)
        case .boolean(let b): .bool(b)
        case .array(let list): .array(list.map(value(of:)))
        case .hash(let entries):
            .object(entries.reduce(into: OrderedObject()) { object, entry in object[entry.key] = value(of: entry.value) })
        case .codec(let codec): .string(codec.name)
        case .password(let secret): .string(secret.value)
        }
    }
}
