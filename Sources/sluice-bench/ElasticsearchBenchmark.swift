import Foundation
import SluiceCore
import SluiceRuntime
import SluiceTestSupport

/// `sluice-bench elasticsearch` (E1): 250-byte service-log events → the elasticsearch output (gzip
/// at the given level) → the test bulk server in the same process, which inflates, parses every
/// line and counts. Prints events/s, CPU per million events (client and server together), and the
/// share of that CPU spent compressing.
struct ElasticsearchBenchmark {
    let events: Int
    let workers: Int
    let compressionLevel: Int
    var batchSize = 125

    func run() async throws {
        let server = try await BulkTestServer.start(countOnly: true)
        var benchmark = RuntimeBenchmark(events: events, workers: workers, batchSize: batchSize)
        benchmark.output =
            #"elasticsearch { id => "es" hosts => ["\#(server.url)"] index => "choreoai-logs-%{+YYYY.MM.dd}" compression_level => \#(compressionLevel) }"#
        benchmark.label = "elasticsearch (gzip \(compressionLevel))"
        let (stats, cpu) = try await benchmark.run()
        let compression = Double(stats.plugins["es"]?.total("elasticsearch_compression_microseconds_total") ?? 0) / 1e6
        print(
            "  server counted \(server.totalDocuments) documents in \(server.bulkRequests) requests; compression "
                + "\(String(format: "%.2f", compression)) s = \(String(format: "%.0f", compression / max(cpu, 1e-9) * 100))% of the CPU")
        guard server.totalDocuments == stats.eventsOut else {
            print("  MISMATCH: the server counted \(server.totalDocuments), the pipeline wrote \(stats.eventsOut)")
            return
        }
        await server.stop()
    }
}
