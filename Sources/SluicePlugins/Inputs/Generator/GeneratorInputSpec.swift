import SluiceConfig

/// `input { generator { } }`: made-up events, for tests, demos and benchmarks.
let generatorInputSpec = PluginSpec(
    name: "generator", kind: .input, summary: "generate events (tests, demos, benchmarks)",
    options: [
        OptionSpec("message", .string, default: .string("Hello world!"), doc: "the message of each event"),
        OptionSpec("lines", .array(of: .string), doc: "messages to cycle through, instead of message"),
        OptionSpec("count", .number, default: .integer(0), doc: "how many events (0: without end)"),
        OptionSpec("threads", .number, default: .integer(1), doc: "generators side by side, each making `count` rounds"),
    ])
