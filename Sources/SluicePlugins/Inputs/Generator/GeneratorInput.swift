public import SluiceConfig
public import SluiceCore

/// `input { generator { } }`: events made up in memory, in batches of `pipeline.batch.size`
/// (for demos and benchmarks). With `count` it ends after that many rounds of `lines`; with
/// `threads`, as in Logstash, that many generators run side by side, each with its own `count`
/// and `[event][sequence]`.
public struct GeneratorInput: Input {
    let lines: [String]
    let count: Int64
    let threads: Int
    let decoration: InputDecoration

    public init(lines: [String], count: Int64, threads: Int = 1, decoration: InputDecoration) {
        self.lines = lines.isEmpty ? ["Hello world!"] : lines
        self.count = count
        self.threads = max(1, threads)
        self.decoration = decoration
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        guard threads > 1 else { return try await generate(sink: sink, context: context) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<threads { group.addTask { try await generate(sink: sink, context: context) } }
            try await group.waitForAll()
        }
    }

    /// One generator: `count` rounds of `lines` (or without end).
    func generate(sink: any EventSink, context: StageContext) async throws {
        let total: Int64 = count > 0 ? count * Int64(lines.count) : .max
        var sequence: Int64 = 0
        var batch: [Event] = []
        batch.reserveCapacity(context.batchSize)
        while sequence < total {
            try Task.checkCancellation()
            let now = Timestamp.now()
            // Each batch gets its own copy of the messages: one string shared by every event had
            // its reference count changed at once by both workers (and by this task), and the
            // cores passed its cache line back and forth for every event written.
            let messages = lines.map { Value.string(GeneratorInput.copy($0)) }
            while sequence < total && batch.count < context.batchSize {
                var event = GeneratorInput.event(
                    message: messages[Int(sequence % Int64(lines.count))], sequence: sequence / Int64(lines.count), now: now)
                if !decoration.isEmpty { decoration.apply(to: &event) }
                batch.append(consume event)  // moved, not copied and destroyed
                sequence += 1
            }
            try await sink.send(EventBatch(events: batch, byteCount: batch.count * 64))
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// One generated event: `message`, `@version` and `[event][sequence]`, stamped `now`. Each
    /// object is made whole from its entries: one allocation, no lookups or appends.
    @inlinable
    public static func event(message: Value, sequence: Int64, now: Timestamp) -> Event {
        let sequenceObject = OrderedObject(distinctEntries: [.init(key: "sequence", value: .int(sequence))])
        let fields = OrderedObject(distinctEntries: [
            .init(key: "@version", value: .string("1")),
            .init(key: "message", value: message),
            .init(key: "event", value: .object(sequenceObject)),
        ])
        return Event(timestamp: now, fields: fields)
    }

    /// A string with storage of its own (a plain copy of a `String` shares it).
    static func copy(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                _ = buffer.initialize(fromContentsOf: bytes)
                return bytes.count
            }
        }
    }
}
