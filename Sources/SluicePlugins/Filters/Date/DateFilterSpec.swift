import SluiceConfig

/// `filter { date { ... } }`: parse a field as a date (logstash-filter-date 3.1.15, plus `precision`).
let dateFilterSpec = PluginSpec.filter(
    "date", summary: "parse a field as a date and set the event time",
    options: [
        OptionSpec("match", .array(of: .string), required: true, doc: "[field, pattern, pattern...]"),
        OptionSpec("target", .fieldReference, default: .string("@timestamp"), doc: "where to store the time"),
        OptionSpec("timezone", .string, doc: "zone of times without an offset (IANA name, +01:00, or %{field})"),
        OptionSpec("locale", .string, doc: "language of month and day names (en, fr-FR)"),
        OptionSpec(
            "tag_on_failure", .array(of: .string), default: .array([.string("_dateparsefailure")]),
            doc: "tags added when no pattern matches"),
        OptionSpec("precision", .oneOf(["ms", "ns"]), default: .string("ms"), doc: "keep milliseconds or nanoseconds"),
    ],
    decode: DateFilterOptions.init, make: DateFilter.init(options:))
