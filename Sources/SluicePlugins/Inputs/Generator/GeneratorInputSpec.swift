import SluiceConfig

/// `input { generator { } }`: made-up events, for tests, demos and benchmarks.
let generatorInputSpec = PluginSpec.input(
    "generator", summary: "generate events (tests, demos, benchmarks)",
    options: [
        OptionSpec("message", .string, default: .string("Hello world!"), doc: "the message of each event"),
        OptionSpec("lines", .array(of: .string), doc: "messages to cycle through, instead of message"),
        OptionSpec("count", .number, default: .integer(0), doc: "how many events (0: without end)"),
        OptionSpec("threads", .number, default: .integer(1), doc: "generators side by side, each making `count` rounds"),
    ],
    decode: GeneratorInputOptions.init) { options, _ in
        GeneratorInput(lines: options.lines, count: options.count, threads: options.threads, decoration: options.decoration)
    }

/// The generator input's options, decoded.
public struct GeneratorInputOptions: Sendable, Hashable {
    let lines: [String]
    let count: Int64
    let threads: Int
    let decoration: InputDecoration

    init(_ reader: inout OptionReader) throws {
        lines = reader.optionalStrings("lines") ?? [reader.string("message")]
        if lines.isEmpty { reader.problem("lines", "lines is empty", hint: "give at least one line, or use message") }
        count = reader.integer("count")
        if count < 0 { reader.problem("count", "count cannot be negative", hint: "0 generates without end") }
        let threads = reader.integer("threads")
        if !(1...1024).contains(threads) { reader.problem("threads", "threads must be between 1 and 1024") }
        self.threads = Int(clamping: threads)
        _ = reader.inputCodecName()
        decoration = InputDecoration(&reader)
        try reader.finish()
    }
}
