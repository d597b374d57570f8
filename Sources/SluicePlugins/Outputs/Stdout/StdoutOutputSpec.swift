import SluiceConfig

/// `output { stdout { } }`: print events.
let stdoutOutputSpec = PluginSpec(
    name: "stdout", kind: .output, summary: "print events to standard output",
    options: [
        OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "rubydebug")), doc: "rubydebug, json_lines, json, line")
    ])
