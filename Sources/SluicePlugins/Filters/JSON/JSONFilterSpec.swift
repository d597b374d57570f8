import SluiceConfig

/// `filter { json { ... } }`: parse a field as JSON (logstash-filter-json 3.2.1).
let jsonFilterSpec = PluginSpec(
    name: "json", kind: .filter, summary: "parse a field's text as JSON into the event",
    options: [
        OptionSpec("source", .fieldReference, required: true, doc: "the field holding the JSON text"),
        OptionSpec("target", .fieldReference, doc: "where to put the parsed value (default: the event's top level)"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_jsonparsefailure")]),
            doc: "tags added when parsing fails"),
        OptionSpec("skip_on_invalid_json", .boolean, default: .boolean(false), doc: "leave invalid JSON alone, untagged"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "field layout; v8 by default"),
    ])
