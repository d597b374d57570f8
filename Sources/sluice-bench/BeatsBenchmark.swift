import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime
import Foundation

/// `sluice-bench beats [windows] [connections]`: clients in this process replay pre-encoded
/// compressed windows (`BeatsReplayClient`) to a beats input on 127.0.0.1,
/// through the json filter, into a discarding output. Client included, as Filebeat would be.
struct BeatsBenchmark {
    let windowsPerConnection: Int
    let connections: Int
    let windowSize = BeatsReplayClient.windowSize

    final class PortBox: Sendable { let port = Locked<Int?>(nil) }

    func run() async throws {
        let box = PortBox()
        let beats = BuiltinPlugins.beatsInput { port in box.port.withLock { $0 = port } }
        let catalog = PluginCatalog(BuiltinPlugins.specs.filter { $0.name != "beats" } + [beats], codecs: BuiltinPlugins.codecs)
        let config = try PipelineConfig.parse([
            ConfigSource(
                name: "bench",
                text: #"input { beats { host => "127.0.0.1" port => 0 } } filter { json { source => "message" } } output { null {} }"#)
        ]).get()
        let checked = try ConfigChecker(catalog: catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(
            checked: checked, settings: PipelineSettings(workers: 2, batchSize: 125), dataPath: "/tmp/sluice-bench",
            log: .discarding)
        let server = Task { try await pipeline.run() }
        while box.port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
        let port = box.port.withLock { $0 }!

        let client = BeatsReplayClient()
        let clock = ContinuousClock()
        let start = clock.now
        try await client.replay(port: port, connections: connections, windows: windowsPerConnection)
        let elapsed = clock.now - start
        pipeline.stop()
        try await server.value
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let events = windowsPerConnection * connections * windowSize
        print(
            "beats: \(events) events over \(connections) connection(s) in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(Double(events) / seconds)) events/s (windows of \(windowSize), zlib level 3, json filter, null output; "
                + "\(client.window.count) bytes per window)")
    }
}
