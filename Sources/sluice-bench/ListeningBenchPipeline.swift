import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime

/// A pipeline for the network benchmarks: `input { NAME { host => "127.0.0.1" port => 0 SETTINGS } }`
/// into an output that counts, 2 workers, running until `stop()`; `port` is the one it bound.
struct ListeningBenchPipeline {
    let pipeline: Pipeline
    let server: Task<Void, any Error>
    let port: Int
    let counter: TCPBenchmark.CountingOutput

    /// `spec` makes the input's spec with the hook told the bound port.
    static func start(
        _ name: String, settings: String = "", spec: (@escaping @Sendable (Int) -> Void) -> PluginSpec
    ) async throws -> ListeningBenchPipeline {
        let box = TCPBenchmark.PortBox()
        let counter = TCPBenchmark.CountingOutput()
        let input = spec { port in box.port.withLock { $0 = port } }
        let catalog = PluginCatalog(
            BuiltinPlugins.specs.filter { $0.name != name } + [input, PluginSpec.fixed(output: "counting") { counter }], codecs: BuiltinPlugins.codecs)
        let config = try PipelineConfig.parse([
            ConfigSource(name: "bench", text: #"input { \#(name) { host => "127.0.0.1" port => 0 \#(settings) } } output { counting {} }"#)
        ]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(
            checked: checked, settings: PipelineSettings(workers: 2, batchSize: 125), dataPath: "/tmp/sluice-bench",
            log: StageLog { level, message, metadata in if level >= .warning { print("\(message) \(metadata)") } })
        let server = Task { try await pipeline.run() }
        while box.port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
        return ListeningBenchPipeline(pipeline: pipeline, server: server, port: box.port.withLock { $0 }!, counter: counter)
    }

    func stop() async throws {
        pipeline.stop()
        try await server.value
    }
}
