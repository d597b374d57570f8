import SluiceConfig

/// `filter { drop { } }`: drop the event.
let dropFilterSpec = PluginSpec(
    name: "drop", kind: .filter, summary: "drop events (usually inside a conditional)",
    options: [
        OptionSpec("percentage", .number, default: .integer(100), doc: "drop only this percentage of events")
    ])
