import SluiceCore

#if canImport(Glibc)
import Glibc
#endif

/// `sluice-bench json`: micro-benchmarks of the hot paths in SluiceCore, on one core.
/// Prints MB/s and items/s; run with `swift run -c release sluice-bench json [scale] [name filter]`.
let arguments = CommandLine.arguments.dropFirst()
let suite = arguments.first ?? "json"
let scale = arguments.dropFirst().first.flatMap { Double($0) } ?? 1.0

guard suite == "json" else {
    print("usage: sluice-bench json [scale]")
    exit(2)
}
CoreBenchmarks(scale: scale, only: arguments.dropFirst(2).first).runAll()
