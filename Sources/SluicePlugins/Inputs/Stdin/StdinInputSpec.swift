import SluiceConfig

/// `input { stdin { } }`: one event per line of standard input.
let stdinInputSpec = PluginSpec.input(
    "stdin", summary: "read events from standard input, one per line",
    options: [
        OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "line")), doc: "how lines become events")
    ],
    decode: StdinInputOptions.init) { options, _ in StdinInput(codecName: options.codecName, decoration: options.decoration) }

/// The stdin input's options, decoded.
public struct StdinInputOptions: Sendable, Hashable {
    let codecName: String
    let decoration: InputDecoration

    init(_ reader: inout OptionReader) throws {
        codecName = reader.inputCodecName()
        decoration = InputDecoration(&reader)
        try reader.finish()
    }
}
