import SluiceConfig
import SluiceCore
import SluiceRegex

/// `filter { translate { source => "status" dictionary => { "200" => "OK" } } }`: look a field's
/// value up in a dictionary (logstash-filter-translate 3.4).
let translateFilterSpec = PluginSpec.filter(
    "translate", summary: "replace a value with its entry in a dictionary (inline, YAML, JSON or CSV file)",
    options: [
        OptionSpec("source", .fieldReference, doc: "the field whose value is looked up (required)"),
        OptionSpec("field", .fieldReference, status: .deprecated("use source"), doc: "the old name of source"),
        OptionSpec("target", .fieldReference, doc: "where the translation goes (ECS: the source itself; disabled: translation)"),
        OptionSpec("destination", .fieldReference, status: .deprecated("use target"), doc: "the old name of target"),
        OptionSpec("dictionary", .hash, default: .hash([]), doc: "key => value, inline"),
        OptionSpec("dictionary_path", .path, doc: "a .yml/.yaml, .json or .csv file of keys and values"),
        OptionSpec("refresh_interval", .number, default: .integer(300), doc: "seconds between reads of dictionary_path (0 or less: never)"),
        OptionSpec("refresh_behaviour", .oneOf(["merge", "replace"]), default: .string("merge"), doc: "a read file merges into or replaces the dictionary"),
        OptionSpec("exact", .boolean, default: .boolean(true), doc: "the whole value is a key (false: keys found inside the value are replaced)"),
        OptionSpec("regex", .boolean, default: .boolean(false), doc: "keys are regular expressions"),
        OptionSpec("override", .boolean, default: .boolean(false), doc: "replace a target that is already set"),
        OptionSpec("fallback", .string, doc: "set when nothing matches (%{field} references allowed)"),
        OptionSpec("iterate_on", .fieldReference, doc: "a list field: translate each value, or each object's source"),
        OptionSpec("yaml_dictionary_code_point_limit", .number, doc: "the most characters a YAML dictionary may have (default 134217728)"),
        OptionSpec("yaml_load_strategy", .oneOf(["one_shot", "streaming"]), default: .string("one_shot"), doc: "accepted; Sluice reads a YAML file one way"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "the default target: disabled → translation, v1/v8 → the source"),
    ],
    decode: TranslateFilterOptions.init, make: TranslateFilter.init(options:))

/// The translate filter's options, decoded: the dictionary read (so `check` reports a file that
/// cannot be used), regex keys compiled once here.
public struct TranslateFilterOptions: Sendable, Hashable {
    let source: FieldPath
    let target: FieldPath
    let iterateOn: FieldPath?
    let exact: Bool
    let regex: Bool
    let override: Bool
    let fallback: Template?
    let dictionaryPath: String?
    let format: TranslateDictionary.Format?
    let codePointLimit: Int
    let refreshInterval: Duration?
    let merge: Bool
    let store: ReloadedFromFile<TranslateDictionary>
    let common: CommonFilterOptions

    static let defaultCodePointLimit = 134_217_728

    init(_ reader: inout OptionReader) throws {
        if reader.isSet("source") && reader.isSet("field") {
            reader.problem("field", "both source and field are set", hint: "remove field => (the old name of source)")
        }
        if reader.isSet("target") && reader.isSet("destination") {
            reader.problem("destination", "both target and destination are set", hint: "remove destination => (the old name of target)")
        }
        let source = reader.fieldPath("source") ?? reader.fieldPath("field")
        if !reader.isSet("source") && !reader.isSet("field") {
            reader.problem(nil, "translate needs the field to look up", hint: "provide source => \"field\"")
        }
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        var target = reader.fieldPath("target") ?? reader.fieldPath("destination")
        if target == nil && !reader.isSet("target") && !reader.isSet("destination") {
            target = ecs ? source : try? FieldPath(parsing: "translation")
        }
        iterateOn = reader.fieldPath("iterate_on")
        exact = reader.bool("exact")
        regex = reader.bool("regex")
        override = reader.bool("override")
        fallback = reader.optionalString("fallback").flatMap { reader.template($0, setting: "fallback") }
        merge = reader.string("refresh_behaviour") == "merge"
        let seconds = reader.double("refresh_interval")
        var dictionary = TranslateDictionary()
        for entry in reader.hash("dictionary") { dictionary[entry.key] = PluginValues.value(of: entry.value) }
        var codePointLimit = Self.defaultCodePointLimit
        if let limit = reader.optionalInteger("yaml_dictionary_code_point_limit") {
            if limit <= 0 { reader.problem("yaml_dictionary_code_point_limit", "must be positive", hint: "Please set a positive number, or remove it") }
            codePointLimit = Int(max(limit, 1))
        }
        self.codePointLimit = codePointLimit
        if let path = reader.optionalString("dictionary_path") {
            let absolute = FileAccess.absolute(path, in: reader.context.workingDirectory)
            dictionaryPath = absolute
            format = TranslateDictionary.Format(path: path)
            if let format {
                if format != .yaml && reader.isSet("yaml_dictionary_code_point_limit") {
                    reader.problem(
                        "yaml_dictionary_code_point_limit", "the dictionary is not YAML",
                        hint: "Please remove `yaml_dictionary_code_point_limit` for dictionary file in JSON or CSV format")
                }
                switch TranslateDictionary.load(absolute, format: format, codePointLimit: codePointLimit) {
                case .success(let loaded): dictionary = dictionary.merging(loaded)
                case .failure(let error): reader.problem("dictionary_path", error.description)
                }
            } else {
                reader.problem("dictionary_path", "Dictionary \(path) has a non valid format", hint: "a .yml, .yaml, .json or .csv file")
            }
        } else {
            dictionaryPath = nil
            format = nil
        }
        refreshInterval = dictionaryPath != nil && seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded())) : nil
        if regex {
            for key in dictionary.keys {
                _ = reader.attempt("dictionary", hint: "with regex => true, keys are regular expressions") { try OnigurumaRegex(key, dotMatchesNewline: false) }
            }
        }
        store = ReloadedFromFile(dictionary)
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
        self.target = target!
    }

    /// The dictionary after a read of its file, merged into `old` or replacing it
    /// (`refresh_behaviour`); nil when the file cannot be read (the old one stays).
    func refreshed(from old: TranslateDictionary) -> TranslateDictionary? {
        reload().map { merge ? old.merging($0) : $0 }
    }

    /// The dictionary file read again (nil when it cannot be: the old one stays).
    func reload() -> TranslateDictionary? {
        guard let dictionaryPath, let format else { return nil }
        return try? TranslateDictionary.load(dictionaryPath, format: format, codePointLimit: codePointLimit).get()
    }
}
