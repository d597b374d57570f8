import SluiceConfig
public import SluiceCore

/// `output { null { } }`: discards events (for benchmarks).
public struct NullOutput: Output {
    public init() {}

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome { .written }

    public func close() async {}
}

let nullOutputSpec = PluginSpec(
    name: "null", kind: .output, summary: "discard events (benchmarks)", options: [],
    builder: .output { _ in NullOutput() })
