import SluiceConfig

/// `input { stdin { } }`: one event per line of standard input.
let stdinInputSpec = PluginSpec(
    name: "stdin", kind: .input, summary: "read events from standard input, one per line",
    options: [
        OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "line")), doc: "how lines become events")
    ])
