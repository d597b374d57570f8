import SluiceConfig
import SluiceCore
import SluiceParsers
import SluiceRegex

/// `filter { kv { source => "message" field_split => "&" } }`: key=value pairs into fields
/// (logstash-filter-kv 4.7).
let kvFilterSpec = PluginSpec.filter(
    "kv", summary: "parse key=value pairs into fields (foo=bar baz=\"a b\")",
    options: [
        OptionSpec("source", .fieldReference, default: .string("message"), doc: "the field to parse"),
        OptionSpec("target", .string, doc: "put the pairs under this field (it is replaced)"),
        OptionSpec("field_split", .string, default: .string(" "), doc: "characters between pairs (a regex character class)"),
        OptionSpec("value_split", .string, default: .string("="), doc: "characters between a key and its value (a regex character class)"),
        OptionSpec("field_split_pattern", .string, doc: "a regex between pairs (instead of field_split)"),
        OptionSpec("value_split_pattern", .string, doc: "a regex between a key and its value (instead of value_split)"),
        OptionSpec("include_keys", .array(of: .string), default: .array([]), doc: "only these keys (%{field} references allowed)"),
        OptionSpec("exclude_keys", .array(of: .string), default: .array([]), doc: "never these keys (%{field} references allowed)"),
        OptionSpec("default_keys", .hash, default: .hash([]), doc: "key => value set when the text lacks the key"),
        OptionSpec("prefix", .string, default: .string(""), doc: "put before every key (%{field} references allowed)"),
        OptionSpec("trim_key", .string, doc: "characters removed from both ends of keys (a regex character class)"),
        OptionSpec("trim_value", .string, doc: "characters removed from both ends of values (a regex character class)"),
        OptionSpec("remove_char_key", .string, doc: "characters removed from keys (a regex character class)"),
        OptionSpec("remove_char_value", .string, doc: "characters removed from values (a regex character class)"),
        OptionSpec("transform_key", .oneOf(["lowercase", "uppercase", "capitalize"]), doc: "change the case of keys"),
        OptionSpec("transform_value", .oneOf(["lowercase", "uppercase", "capitalize"]), doc: "change the case of values"),
        OptionSpec("include_brackets", .boolean, default: .boolean(true), doc: "(...), [...] and <...> enclose values, as quotes do"),
        OptionSpec("recursive", .boolean, default: .boolean(false), doc: "parse values for more pairs, into objects"),
        OptionSpec("allow_duplicate_values", .boolean, default: .boolean(true), doc: "keep a key's repeated equal values"),
        OptionSpec("allow_empty_values", .boolean, default: .boolean(false), doc: "keep keys whose value is empty, as \"\""),
        OptionSpec("whitespace", .oneOf(["lenient", "strict"]), default: .string("lenient"), doc: "lenient: spaces may surround the value split"),
        OptionSpec(
            "timeout_millis", .number, default: .integer(30_000),
            doc: "a scan that runs away is stopped (by a step limit sized from this; 0: the engine's own limit)"),
        OptionSpec("tag_on_timeout", .string, default: .string("_kv_filter_timeout"), doc: "tag added when a scan is stopped"),
        OptionSpec("tag_on_failure", .array(of: .string), default: .array([.string("_kv_filter_error")]), doc: "tags added when a pair cannot be set"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "accepted; kv's fields do not depend on it"),
    ],
    decode: KVFilterOptions.init, make: KVFilter.init(options:))

/// The kv filter's options, decoded: the scan regex compiled once here (so `sluice check` reports
/// one that does not compile), and the byte scanner chosen when the splitters allow it.
public struct KVFilterOptions: Sendable, Hashable {
    enum Transform: String, Sendable, Hashable {
        case lowercase, uppercase, capitalize

        func apply(_ text: String) -> String {
            switch self {
            case .lowercase: text.lowercased()
            case .uppercase: text.uppercased()
            case .capitalize: text.prefix(1).uppercased() + text.dropFirst().lowercased()
            }
        }
    }

    /// Keys named by `include_keys` or `exclude_keys`: fixed, or rendered per event.
    enum KeyList: Sendable, Hashable {
        case fixed(Set<String>)
        case perEvent([Template])

        var isEmpty: Bool {
            if case .fixed(let keys) = self { return keys.isEmpty }
            return false
        }
    }

    struct DefaultKey: Sendable, Hashable {
        let key: String
        let value: Value
    }

    let source: FieldPath
    let target: FieldPath?
    let regex: KVRegexPlan
    /// The byte scanner, when the splitters allow it (texts with a backslash still take the regex).
    let bytes: KVByteScanner?
    let retryLimit: UInt
    let includeKeys: KeyList
    let excludeKeys: KeyList
    let defaultKeys: [DefaultKey]
    /// `nil`: no prefix.
    let prefix: Template?
    let trimKey: KVCharacterClass?
    let trimValue: KVCharacterClass?
    let removeCharKey: KVCharacterClass?
    let removeCharValue: KVCharacterClass?
    let transformKey: Transform?
    let transformValue: Transform?
    let recursive: Bool
    let allowDuplicateValues: Bool
    let allowEmptyValues: Bool
    let tagOnTimeout: String
    let tagOnFailure: [String]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        var target: FieldPath?
        if let text = reader.optionalString("target") { target = reader.fieldPath(text, setting: "target") }
        self.target = target
        let fieldSplit = reader.string("field_split")
        let valueSplit = reader.string("value_split")
        let fieldSplitPattern = reader.optionalString("field_split_pattern")
        let valueSplitPattern = reader.optionalString("value_split_pattern")
        if valueSplit.isEmpty { reader.problem("value_split", "must be a non-empty string", hint: "value_split => \"=\"") }
        if fieldSplit.isEmpty && fieldSplitPattern == nil {
            reader.problem("field_split", "must be a non-empty string", hint: "field_split => \" \"")
        }
        for (name, pattern) in [("field_split_pattern", fieldSplitPattern), ("value_split_pattern", valueSplitPattern)] where pattern?.isEmpty == true {
            reader.problem(name, "must be a non-empty regular expression")
        }
        func characterClass(_ name: String, _ spec: String?) -> KVCharacterClass? {
            guard let spec, !spec.isEmpty else { return nil }
            return reader.attempt(name, hint: "the characters go inside [...] of a regex: \"<>,\" or \"\\\\s\"") { try KVCharacterClass(spec) }
        }
        let lenient = reader.string("whitespace") == "lenient"
        let includeBrackets = reader.bool("include_brackets")
        regex = KVRegexPlan(
            fieldSplit: fieldSplit, valueSplit: valueSplit, fieldSplitPattern: fieldSplitPattern, valueSplitPattern: valueSplitPattern,
            lenient: lenient, includeBrackets: includeBrackets)
        let timeout = reader.integer("timeout_millis")
        retryLimit = timeout > 0 ? UInt(timeout) * GrokFilterOptions.stepsPerMillisecond : 0
        var patternsCompile = true
        for (name, pattern) in [("field_split_pattern", fieldSplitPattern), ("value_split_pattern", valueSplitPattern)] {
            guard let pattern, !pattern.isEmpty else { continue }
            if reader.attempt(name, { try OnigurumaRegex(pattern, dotMatchesNewline: false) }) == nil { patternsCompile = false }
        }
        if patternsCompile && !valueSplit.isEmpty && !(fieldSplit.isEmpty && fieldSplitPattern == nil) {
            let plan = regex
            let limit = retryLimit
            _ = reader.attempt(fieldSplitPattern == nil ? "field_split" : "field_split_pattern") { try KVRegexScanner(plan, retryLimit: limit) }
        }
        if fieldSplitPattern == nil && valueSplitPattern == nil, !fieldSplit.isEmpty, !valueSplit.isEmpty,
            let f = characterClass("field_split", fieldSplit), let v = characterClass("value_split", valueSplit)
        {
            bytes = KVByteScanner(fieldSplit: f, valueSplit: v, lenient: lenient, includeBrackets: includeBrackets)
        } else {
            bytes = nil
        }
        func keyList(_ name: String) -> KeyList {
            let texts = reader.strings(name)
            let templates = texts.compactMap { reader.template($0, setting: name) }
            return templates.allSatisfy(\.isConstant) ? .fixed(Set(texts)) : .perEvent(templates)
        }
        includeKeys = keyList("include_keys")
        excludeKeys = keyList("exclude_keys")
        defaultKeys = reader.hash("default_keys").map { DefaultKey(key: $0.key, value: PluginValues.value(of: $0.value)) }
        let prefix = reader.string("prefix")
        self.prefix = prefix.isEmpty ? nil : reader.template(prefix, setting: "prefix")
        trimKey = characterClass("trim_key", reader.optionalString("trim_key"))
        trimValue = characterClass("trim_value", reader.optionalString("trim_value"))
        removeCharKey = characterClass("remove_char_key", reader.optionalString("remove_char_key"))
        removeCharValue = characterClass("remove_char_value", reader.optionalString("remove_char_value"))
        transformKey = reader.optionalString("transform_key").flatMap(Transform.init(rawValue:))
        transformValue = reader.optionalString("transform_value").flatMap(Transform.init(rawValue:))
        recursive = reader.bool("recursive")
        allowDuplicateValues = reader.bool("allow_duplicate_values")
        allowEmptyValues = reader.bool("allow_empty_values")
        tagOnTimeout = reader.string("tag_on_timeout")
        tagOnFailure = reader.strings("tag_on_failure")
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!  // finish() threw if it did not parse
    }
}
