import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Testing

/// A pipeline of one listening input (beats, tcp, udp) on 127.0.0.1, on a port the OS chose, into
/// a recording output: what the network input tests run against.
struct ListeningInputServer {
    let pipeline: Pipeline
    let output: RecordingOutput
    let run: Task<Void, any Error>
    let port: Int

    /// Starts `input { NAME { host => "127.0.0.1" port => 0 SETTINGS } }`; `spec` makes the
    /// input's spec with the hook that is told the bound port.
    static func start(
        _ name: String, settings: String = "", output: RecordingOutput = RecordingOutput(),
        spec: (@escaping @Sendable (Int) -> Void) -> PluginSpec
    ) async throws -> ListeningInputServer {
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let input = spec { port in
            bound.yield(port)
            bound.finish()
        }
        let catalog = PluginCatalog(
            BuiltinPlugins.specs.filter { $0.name != name } + [input, PluginSpec.fixed(output: "recording") { output }], codecs: BuiltinPlugins.codecs)
        let config = try PipelineConfig.parse([
            ConfigSource(name: "t", text: #"input { \#(name) { host => "127.0.0.1" port => 0 \#(settings) } } output { recording {} }"#)
        ]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(checked: checked, settings: PipelineSettings(workers: 1, batchSize: 125), dataPath: "/tmp", log: .discarding)
        let run = Task {
            // A pipeline that ends before it listens ends the wait below too.
            defer { bound.finish() }
            try await pipeline.run()
        }
        var port: Int?
        for await listening in ports { port = listening }
        return ListeningInputServer(pipeline: pipeline, output: output, run: run, port: try #require(port))
    }

    func stop() async {
        pipeline.stop()
        _ = try? await run.value
    }

    /// The events written, once there are `count` (the suites' `.timeLimit` bounds the wait).
    func events(count: Int) async throws -> [Event] {
        await output.written(atLeast: count)
    }
}
