/// A source of events (`beats`, `file`, `stdin`, `generator`).
///
/// `run` sends batches to the sink until its source ends (stdin at EOF, a generator's count, a
/// read-mode file input's last file) or the task is cancelled at shutdown. Batches should hold up
/// to `context.batchSize` events: counters, locks and awaits happen once per batch downstream.
public protocol Input: Sendable {
    func run(sink: any EventSink, context: StageContext) async throws
}
