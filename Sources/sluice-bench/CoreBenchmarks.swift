#if canImport(Glibc)
import Glibc
#endif
import SluiceCore
import SluicePlugins

/// The SluiceCore micro-benchmarks: JSON parse and write, ISO8601 parse, template rendering.
struct CoreBenchmarks {
    let scale: Double
    /// Runs only the benchmarks whose name contains this text.
    let only: String?
    /// `SLUICE_BENCH_PASSES`: run each benchmark exactly this many times instead of timing it.
    let fixedPasses: Int? = getenv("SLUICE_BENCH_PASSES").flatMap { Int(String(cString: $0)) }
    let clock = ContinuousClock()

    /// Runs `body` repeatedly for at least ~1 s (times `scale`) and returns the best pass.
    func measure(_ name: String, bytesPerPass: Int, itemsPerPass: Int, _ body: () -> Int) {
        measure(name, bytesPerPass: bytesPerPass, itemsPerPass: itemsPerPass, prepare: {}, { (_: inout Void) in body() })
    }

    /// Like `measure`, with an untimed `prepare` before each pass: a filter benchmark gets events
    /// that it owns, as a worker does, and the copying of them is not counted.
    func measure<Input>(
        _ name: String, bytesPerPass: Int, itemsPerPass: Int, prepare: () -> Input, _ body: (inout Input) -> Int
    ) {
        if let only = only, !name.contains(only) { return }
        var checksum = 0
        if let fixed = fixedPasses {
            // For instruction counting (callgrind): exactly this many passes, nothing printed per pass.
            for _ in 0..<fixed {
                var input = prepare()
                checksum &+= body(&input)
            }
            print("\(name): \(fixed) passes of \(itemsPerPass) items (checksum \(checksum & 0xFF))")
            return
        }
        var warmUp = prepare()
        checksum &+= body(&warmUp)
        var best = Duration.seconds(1_000)
        var passes = 0
        let budget = Duration.milliseconds(Int64(1_000 * scale))
        let start = clock.now
        while clock.now - start < budget || passes < 3 {
            var input = prepare()
            let t0 = clock.now
            checksum &+= body(&input)
            let elapsed = clock.now - t0
            if elapsed < best { best = elapsed }
            passes += 1
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        let mbps = Double(bytesPerPass) / seconds / 1_000_000
        let rate = Double(itemsPerPass) / seconds
        let pad = name + String(repeating: " ", count: max(0, 48 - name.count))
        print("\(pad) \(format(mbps)) MB/s  \(format(rate / 1e6)) M items/s  (best of \(passes), checksum \(checksum & 0xFF))")
    }

    func format(_ x: Double) -> String {
        let scaled = (x * 10).rounded() / 10
        let text = String(scaled)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }

    func wants(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }

    func runAll() {
        let now = Timestamp(epochSeconds: 1_705_312_200)
        let reader = JSONReader()
        for (label, makeLines) in [
            ("250-byte service log", { Workloads.serviceLogLines(count: 10_000) }),
            ("2 KB nested record", { Workloads.nestedLines(count: 1_000) }),
        ] as [(String, () -> [[UInt8]])] {
            let parseName = "JSON parse → Event, \(label)"
            let writeName = "JSON write Event → NDJSON, \(label)"
            guard wants(parseName) || wants(writeName) else { continue }
            let lines = makeLines()
            let bytes = lines.reduce(0) { $0 + $1.count }
            measure("\(parseName) (\(bytes / lines.count) B)", bytesPerPass: bytes, itemsPerPass: lines.count) {
                var fieldCount = 0
                for line in lines {
                    line.withUnsafeBytes { raw in
                        if let event = try? Event(json: raw, now: now, reader: reader) { fieldCount &+= event.fields.count }
                    }
                }
                return fieldCount
            }
            guard wants(writeName) else { continue }
            let events = lines.map { line in line.withUnsafeBytes { try! Event(json: $0, now: now) } }
            var written = ByteSink(capacity: bytes * 2)
            for event in events {
                event.appendJSON(to: &written)
                written.append(0x0A)
            }
            measure(writeName, bytesPerPass: written.count, itemsPerPass: events.count) {
                var out = ByteSink(capacity: bytes * 2)
                for event in events {
                    event.appendJSON(to: &out)
                    out.append(0x0A)
                }
                return out.count
            }
        }

        let escapedName = "JSON write Event → NDJSON, a JSON line in message"
        if wants(escapedName) {
            // A line read without the json filter: its `message` is JSON text, an escape every ~6 bytes.
            let events = Workloads.serviceLogLines(count: 10_000).map {
                Event(message: String(decoding: $0, as: UTF8.self), timestamp: now)
            }
            var written = ByteSink(capacity: 1 << 20)
            for event in events { event.appendJSON(to: &written) }
            measure(escapedName, bytesPerPass: written.count + events.count, itemsPerPass: events.count) {
                var out = ByteSink(capacity: written.count + events.count)
                for event in events {
                    event.appendJSON(to: &out)
                    out.append(0x0A)
                }
                return out.count
            }
        }

        let generatedName = "generator event made → NDJSON → freed"
        if wants(generatedName) {
            // The file output benchmark's path (pipelines/bench/generator-file.conf) on one core:
            // events made as the generator makes them (a batch of 125 shares a copy of the
            // message), written as NDJSON lines, then freed.
            let message = String(decoding: Workloads.serviceLogLines(count: 1)[0], as: UTF8.self)
            let batches = 80
            let batchSize = 125
            measure(generatedName, bytesPerPass: batches * batchSize * 390, itemsPerPass: batches * batchSize) {
                var out = ByteSink(capacity: batchSize * 400)
                var total = 0
                var sequence: Int64 = 0
                var batch: [Event] = []
                batch.reserveCapacity(batchSize)
                for _ in 0..<batches {
                    let shared = Value.string(String(decoding: Array(message.utf8), as: UTF8.self))
                    for _ in 0..<batchSize {
                        batch.append(GeneratorInput.event(message: shared, sequence: sequence, now: now))
                        sequence += 1
                    }
                    out.removeAll()
                    var timestamps = ISO8601Prefix()
                    for i in batch.indices {
                        batch[i].appendJSON(to: &out, timestamps: &timestamps)
                        out.append(0x0A)
                    }
                    total &+= out.count
                    batch.removeAll(keepingCapacity: true)
                }
                return total
            }
        }

        let documentName = "JSON parse → Value, a beats document (a JSON line in message)"
        if wants(documentName) {
            // What the beats input parses per event: {"message":"<a log line, escaped>"}, an escape
            // every ~6 bytes (the json filter then parses the line itself).
            let documents = Workloads.serviceLogLines(count: 10_000).map(Workloads.beatsDocument)
            let bytes = documents.reduce(0) { $0 + $1.count }
            measure(documentName, bytesPerPass: bytes, itemsPerPass: documents.count) {
                var total = 0
                for document in documents {
                    document.withUnsafeBytes { raw in
                        if case .object(let object)? = try? reader.parse(raw) { total &+= object.count }
                    }
                }
                return total
            }
        }

        if wants("ISO8601 format") {
            // What every output writes per event: milliseconds (parsed dates) and nanoseconds (`now`).
            for (label, step) in [("ms", Int64(1_000_000)), ("ns", Int64(1))] {
                let stamps = (0..<100_000).map { i in
                    Timestamp(epochSeconds: 1_705_312_200 + Int64(i) * 37, nanoseconds: Int32((Int64(i) * 7_919_311 * step) % 1_000_000_000 / step * step))
                }
                measure("ISO8601 format (\(label))", bytesPerPass: stamps.count * 30, itemsPerPass: stamps.count) {
                    var out = ByteSink(capacity: stamps.count * 32)
                    for stamp in stamps { stamp.appendISO8601(to: &out) }
                    return out.count
                }
            }
        }

        if wants("ISO8601 parse") {
            let stamps = Workloads.timestamps(count: 100_000)
            let stampBytes = stamps.reduce(0) { $0 + $1.count }
            measure("ISO8601 parse (mixed shapes)", bytesPerPass: stampBytes, itemsPerPass: stamps.count) {
                var sum = 0
                for stamp in stamps {
                    stamp.withUnsafeBytes { raw in
                        if let t = Timestamp(iso8601: raw) { sum &+= Int(t.nanoseconds) &+ Int(t.epochSeconds) }
                    }
                }
                return sum
            }
        }

        if wants("template") {
            let template = try! Template("choreoai-logs-%{+YYYY.MM.dd}")
            let events = Workloads.serviceLogLines(count: 10_000).map { line in
                line.withUnsafeBytes { try! Event(json: $0, now: now) }
            }
            measure("template %{+YYYY.MM.dd} render", bytesPerPass: events.count * 24, itemsPerPass: events.count) {
                var total = 0
                var rendered = ByteSink(capacity: 64)
                for event in events {
                    rendered.removeAll()
                    template.render(event, into: &rendered)
                    total &+= rendered.count
                }
                return total
            }
        }
    }
}
