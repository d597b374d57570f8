import SluiceConfig

/// `output { stdout { } }`: print events.
let stdoutOutputSpec = PluginSpec.output(
    "stdout", summary: "print events to standard output",
    options: [
        OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "rubydebug")), doc: "rubydebug, json_lines, json, line")
    ],
    decode: StdoutOutputOptions.init) { options, _ in StdoutOutput(encoder: options.encoder) }

/// The stdout output's options, decoded.
public struct StdoutOutputOptions: Sendable, Hashable {
    let encoder: EventEncoder

    init(_ reader: inout OptionReader) throws {
        encoder = reader.eventEncoder()
        try reader.finish()
    }
}
