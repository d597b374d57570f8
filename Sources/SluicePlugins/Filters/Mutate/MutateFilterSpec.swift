import SluiceConfig

/// `filter { mutate { ... } }`: rename, replace, convert and reshape fields.
let mutateFilterSpec = PluginSpec.filter(
    "mutate", summary: "rename, replace, convert and reshape fields",
    options: [
        OptionSpec("coerce", .hash, doc: "set a default on null fields"),
        OptionSpec("rename", .hash, doc: "old name => new name"),
        OptionSpec("update", .hash, doc: "field => new value, only when the field exists"),
        OptionSpec("replace", .hash, doc: "field => new value (sprintf)"),
        OptionSpec("convert", .hash, doc: "field => integer, float, string, boolean, ..."),
        OptionSpec("gsub", .array(of: .string), doc: "[field, regex, replacement, ...]"),
        OptionSpec("uppercase", .array(of: .string), doc: "fields to upper-case"),
        OptionSpec("capitalize", .array(of: .string), doc: "fields to capitalize"),
        OptionSpec("lowercase", .array(of: .string), doc: "fields to lower-case"),
        OptionSpec("strip", .array(of: .string), doc: "fields to trim"),
        OptionSpec("split", .hash, doc: "field => separator"),
        OptionSpec("join", .hash, doc: "field => separator"),
        OptionSpec("merge", .hash, doc: "destination => source"),
        OptionSpec("copy", .hash, doc: "source => destination"),
        OptionSpec("tag_on_failure", .string, default: .string("_mutate_error"), doc: "tag added when a change fails"),
    ],
    decode: MutateFilterOptions.init, make: MutateFilter.init(options:))

/// The mutate filter's options, decoded: its operations in Logstash's order.
public struct MutateFilterOptions: Sendable, Hashable {
    let operations: [MutateOperation]
    let common: CommonFilterOptions
    let failureTag: String

    init(_ reader: inout OptionReader) throws {
        operations = MutateOperation.decode(&reader)
        common = CommonFilterOptions(&reader)
        failureTag = reader.string("tag_on_failure")
        try reader.finish()
    }
}
