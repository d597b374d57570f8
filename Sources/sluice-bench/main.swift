import Dispatch
import Foundation
import SluiceCore
import SluiceTestSupport

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
case "tcp":
    // sluice-bench tcp [events per connection] [connections]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await TCPBenchmark(eventsPerConnection: numbers.first ?? 1_000_000, connections: numbers.dropFirst().first ?? 1).run()
case "http":
    // sluice-bench http [requests per connection] [connections] [events per request]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await HTTPBenchmark(
        requestsPerConnection: numbers.first ?? 2_000, connections: numbers.dropFirst().first ?? 8, eventsPerRequest: numbers.dropFirst(2).first ?? 100
    ).run()
case "syslog-udp":
    // sluice-bench syslog-udp [datagrams] [datagrams per second]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await SyslogUDPBenchmark(datagrams: numbers.first ?? 3_000_000, rate: numbers.dropFirst().first ?? 300_000).run()
case "beats-replay":
    // sluice-bench beats-replay PORT [connections] [windows per connection]: replays windows to a
    // running sluice on 127.0.0.1:PORT; prints one JSON line with the time and the events per day.
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    guard let port = numbers.first else {
        print("usage: sluice-bench beats-replay PORT [connections] [windows per connection]")
        exit(2)
    }
    let connections = numbers.dropFirst().first ?? 1
    let windows = numbers.dropFirst(2).first ?? 100
    let client = BeatsReplayClient()
    let clock = ContinuousClock()
    let start = clock.now
    try await client.replay(port: port, connections: connections, windows: windows)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let days = client.eventsPerDay.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value * connections * windows)" }
    print(
        "{\"events\":\(connections * windows * BeatsReplayClient.windowSize),\"seconds\":\(seconds),\"connections\":\(connections),"
            + "\"days\":{\(days.joined(separator: ","))}}")
case "fileoutput":
    // sluice-bench fileoutput [events] [workers]: prepared events (no parsing) → a daily NDJSON file in /tmp
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    var benchmark = RuntimeBenchmark(events: numbers.first ?? 1_000_000, workers: numbers.dropFirst().first ?? 2, batchSize: 125)
    benchmark.output = #"file { path => "/tmp/sluice-bench-out/logs-%{+YYYY.MM.dd}.ndjson" }"#
    benchmark.label = "file output"
    try await benchmark.run()
case "elasticsearch":
    // sluice-bench elasticsearch [events] [workers] [compression level] [batch size]: prepared events → the
    // elasticsearch output → the test bulk server in this process (it parses every line and counts).
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    try await ElasticsearchBenchmark(
        events: numbers.first ?? 1_000_000, workers: numbers.dropFirst().first ?? 2, compressionLevel: numbers.dropFirst(2).first ?? 1,
        batchSize: numbers.dropFirst(3).first ?? 125
    ).run()
case "bulk-server":
    // sluice-bench bulk-server [port] [count-only] [chaos] [dump=PATH]: the test bulk server alone,
    // for trying the output by hand (documents kept in memory) or benchmarking it (count-only).
    // `chaos` cycles through failure phases (see ChaosPhases); `dump=PATH` writes every document
    // as NDJSON to PATH at the end. SIGTERM or SIGINT prints the final counts and exits.
    let port = arguments.dropFirst().first.flatMap { Int($0) } ?? 9200
    let countOnly = arguments.contains("count-only")
    let dumpPath = arguments.first { $0.hasPrefix("dump=") }.map { String($0.dropFirst(5)) }
    let server = try await BulkTestServer.start(countOnly: countOnly, port: port)
    print("test bulk server on \(server.url) (\(countOnly ? "counting documents" : "documents kept in memory"); Ctrl-C to stop)")
    fflush(nil)
    if arguments.contains("chaos") { Task { await ChaosPhases(server: server).run() } }
    let report: @Sendable () -> Void = {
        let counts = server.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print("bulk requests \(server.bulkRequests), documents \(server.totalDocuments) \(counts)")
        if let dumpPath {
            let text = server.allDocumentLines().map { $0 + "\n" }.joined()
            _ = FileManager.default.createFile(atPath: dumpPath, contents: Data(text.utf8))
        }
        fflush(nil)
    }
    let stops = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue(label: "bulk-server.signals"))
        source.setEventHandler { @Sendable in
            report()
            exit(0)
        }
        source.resume()
        return source
    }
    while !Task.isCancelled {
        try await Task.sleep(for: .seconds(10))
        report()
    }
    withExtendedLifetime(stops) {}  // the signal sources live as long as the server
case "runtime":
    // sluice-bench runtime [events] [workers] [batch size]
    let numbers = arguments.dropFirst().compactMap { Int($0) }
    let benchmark = RuntimeBenchmark(
        events: numbers.first ?? 5_000_000, workers: numbers.dropFirst().first ?? 2, batchSize: numbers.dropFirst(2).first ?? 125)
    try await benchmark.run()
default:
    print(
        "usage: sluice-bench json|filters [scale] [name filter] | runtime [events] [workers] [batch size] | beats [windows] [connections]"
            + " | beats-replay PORT [connections] [windows]"
            + " | fileoutput [events] [workers] | elasticsearch [events] [workers] [compression level] [batch size] | bulk-server [port]")
    exit(2)
}
