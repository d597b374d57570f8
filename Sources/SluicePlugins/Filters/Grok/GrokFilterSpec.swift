import SluiceConfig
import SluiceCore

/// `filter { grok { match => { "message" => "%{COMBINEDAPACHELOG}" } } }`: parse text with named
/// regular expressions (logstash-filter-grok 4.4).
let grokFilterSpec = PluginSpec.filter(
    "grok", summary: "parse text into fields with named patterns (%{IP:client} %{NUMBER:took:float})",
    options: [
        OptionSpec("match", .hash, default: .hash([]), doc: "field => pattern, or a list of patterns tried in order"),
        OptionSpec("pattern_definitions", .hash, default: .hash([]), doc: "pattern name => regular expression"),
        OptionSpec("patterns_dir", .array(of: .path), default: .array([]), doc: "directories (or files) of more patterns"),
        OptionSpec("patterns_files_glob", .string, default: .string("*"), doc: "which files of patterns_dir to read"),
        OptionSpec("break_on_match", .boolean, default: .boolean(true), doc: "stop at the first pattern that matches"),
        OptionSpec("named_captures_only", .boolean, default: .boolean(true), doc: "only %{NAME:field} references are kept"),
        OptionSpec("keep_empty_captures", .boolean, default: .boolean(false), doc: "keep captures that matched nothing"),
        OptionSpec("overwrite", .array(of: .string), default: .array([]), doc: "captures that replace an existing field"),
        OptionSpec("target", .string, doc: "put the captures under this field"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_grokparsefailure")]), doc: "tags added when nothing matches"),
        OptionSpec(
            "timeout_millis", .number, default: .integer(30_000),
            doc: "a match that runs away is stopped (by a step limit sized from this; 0: the engine's own limit)"),
        OptionSpec("timeout_scope", .oneOf(["pattern", "event"]), default: .string("pattern"), doc: "what the limit applies to"),
        OptionSpec("tag_on_timeout", .string, default: .string("_groktimeout"), doc: "tag added when a match is stopped"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "pattern set: legacy (disabled) or ECS (v1, v8; default)"),
    ],
    decode: GrokFilterOptions.init, make: GrokFilter.init(options:))
