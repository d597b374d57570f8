/// The options every plugin of a kind accepts (Logstash's `inputs/base.rb`, `filters/base.rb`,
/// `outputs/base.rb`; ../shared/SPEC/logstash.md §4).
public enum CommonOptions {
    public static func options(for kind: SectionKind) -> [OptionSpec] {
        switch kind {
        case .input: input
        case .filter: filter
        case .output: output
        }
    }

    static let shared: [OptionSpec] = [
        OptionSpec("id", .string, doc: "a unique name for this stage, in logs and the monitoring API"),
        OptionSpec(
            "enable_metric", .boolean, default: .boolean(true),
            status: .noEffect("per-stage counters are always kept: they are updated once per batch"), doc: "collect per-stage metrics"),
    ]

    static let input: [OptionSpec] =
        shared + [
            OptionSpec("type", .string, doc: "set as the `type` field on events that have none"),
            OptionSpec("tags", .array(of: .string), doc: "tags appended to every event"),
            OptionSpec("add_field", .hash, default: .hash([]), doc: "fields added to every event (sprintf)"),
            OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "plain")), doc: "how bytes become events"),
            OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "field layout; v8 by default"),
        ]

    static let filter: [OptionSpec] =
        shared + [
            OptionSpec("add_field", .hash, default: .hash([]), doc: "fields added on success (sprintf)"),
            OptionSpec("add_tag", .array(of: .string), default: .array([]), doc: "tags added on success (sprintf)"),
            OptionSpec("remove_field", .array(of: .string), default: .array([]), doc: "fields removed on success (sprintf)"),
            OptionSpec("remove_tag", .array(of: .string), default: .array([]), doc: "tags removed on success (sprintf)"),
            OptionSpec(
                "periodic_flush", .boolean, default: .boolean(false),
                status: .noEffect("no Sluice filter holds events back to flush later"), doc: "call flush every 5 s"),
            OptionSpec("type", .string, status: .obsolete("use a conditional: if [type] == \"...\" { ... }")),
            OptionSpec("tags", .array(of: .string), status: .obsolete("use a conditional: if \"tag\" in [tags] { ... }")),
            OptionSpec("exclude_tags", .array(of: .string), status: .obsolete("use a conditional: if !(\"tag\" in [tags]) { ... }")),
        ]

    static let output: [OptionSpec] =
        shared + [
            OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "plain")), doc: "how events become bytes"),
            OptionSpec("workers", .number, status: .deprecated("outputs run with the pipeline's workers")),
        ]
}
