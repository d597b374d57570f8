public import SluiceConfig
public import SluiceCore

/// `input { generator { } }`: events made up in memory, in batches of `pipeline.batch.size`
/// (for demos and benchmarks). With `count` it ends after that many rounds of `lines`.
public struct GeneratorInput: Input {
    let lines: [String]
    let count: Int64
    let decoration: InputDecoration

    public init(lines: [String], count: Int64, decoration: InputDecoration) {
        self.lines = lines.isEmpty ? ["Hello world!"] : lines
        self.count = count
        self.decoration = decoration
    }

    public init(stage: CheckedStage) throws {
        let options = stage.options
        self.init(
            lines: options.strings("lines") ?? [options.string("message") ?? "Hello world!"],
            count: options.integer("count") ?? 0, decoration: try InputDecoration(options))
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let total: Int64 = count > 0 ? count * Int64(lines.count) : .max
        var sequence: Int64 = 0
        var batch: [Event] = []
        batch.reserveCapacity(context.batchSize)
        while sequence < total {
            try Task.checkCancellation()
            let now = Timestamp.now()
            while sequence < total && batch.count < context.batchSize {
                var event = Event(message: lines[Int(sequence % Int64(lines.count))], timestamp: now)
                event.fields["event"] = ["sequence": .int(sequence / Int64(lines.count))]
                if !decoration.isEmpty { decoration.apply(to: &event) }
                batch.append(event)
                sequence += 1
            }
            try await sink.send(EventBatch(events: batch, byteCount: batch.count * 64))
            batch.removeAll(keepingCapacity: true)
        }
    }
}
