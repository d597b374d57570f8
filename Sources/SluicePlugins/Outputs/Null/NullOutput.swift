import SluiceConfig
public import SluiceCore

/// `output { null { } }`: discards events (for benchmarks).
public struct NullOutput: Output {
    public init() {}

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome { .written }

    public func close() async {}
}

let nullOutputSpec = PluginSpec.output(
    "null", summary: "discard events (benchmarks)", options: [], decode: NoOptions.init) { _, _ in NullOutput() }
