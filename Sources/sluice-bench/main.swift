import SluiceCore

#if canImport(Glibc)
import Glibc
#endif

/// `sluice-bench json`: micro-benchmarks of the hot paths in SluiceCore, on one core;
/// `sluice-bench runtime`: the pipeline's own overhead per event.
/// Prints MB/s and items/s; run with `swift run -c release sluice-bench json [scale] [name filter]`.
let arguments = CommandLine.arguments.dropFirst()
let suite = arguments.first ?? "json"
let scale = arguments.dropFirst().first.flatMap { Double($0) } ?? 1.0

switch suite {
case "json":
    CoreBenchmarks(scale: scale, only: arguments.dropFirst(2).first).runAll()
case "filters":
    try FilterBenchmarks(core: CoreBenchmarks(scale: scale, only: arguments.dropFirst(2).first)).runAll()
case "beats":
    // sluice-bench beats [windows per connection] [connections]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await BeatsBenchmark(windowsPerConnection: numbers.first ?? 200, connections: numbers.dropFirst().first ?? 1).run()
case "fileoutput":
    // sluice-bench fileoutput [events] [workers]: prepared events (no parsing) → a daily NDJSON file in /tmp
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    var benchmark = RuntimeBenchmark(events: numbers.first ?? 1_000_000, workers: numbers.dropFirst().first ?? 2, batchSize: 125)
    benchmark.output = #"file { path => "/tmp/sluice-bench-out/logs-%{+YYYY.MM.dd}.ndjson" }"#
    benchmark.label = "file output"
    try await benchmark.run()
case "runtime":
    // sluice-bench runtime [events] [workers] [batch size]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    let benchmark = RuntimeBenchmark(
        events: numbers.first ?? 5_000_000, workers: numbers.dropFirst().first ?? 2, batchSize: numbers.dropFirst(2).first ?? 125)
    try await benchmark.run()
default:
    print("usage: sluice-bench json|filters [scale] [name filter] | sluice-bench runtime [events] [workers] [batch size] | sluice-bench beats [windows] [connections]")
    exit(2)
}
