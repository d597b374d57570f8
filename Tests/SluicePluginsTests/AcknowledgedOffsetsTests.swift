import Foundation
import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Synchronization
import Testing

/// The file input's acknowledged positions, and what happens to a batch the pipeline refused
/// (its `send` threw at shutdown): it is never waited for, and the position stays before it.
@Suite struct AcknowledgedOffsetsTests {
    let file = FileIdentity(inode: 7, major: 8, minor: 1)

    @Test func positionsAdvanceOnlyPastBatchesCompletedInOrder() {
        let acks = AcknowledgedOffsets()
        acks.track(file, from: 0)
        let a = acks.begin(file, end: 100)
        let b = acks.begin(file, end: 200)
        acks.complete(file, b)
        #expect(acks.committed(file) == 0)
        #expect(!acks.isSettled(file))
        acks.complete(file, a)
        #expect(acks.committed(file) == 200)
        #expect(acks.isSettled(file))
    }

    @Test func aRefusedLastBatchIsNotWaitedForAndNotRecorded() async {
        let acks = AcknowledgedOffsets()
        acks.track(file, from: 0)
        let a = acks.begin(file, end: 100)
        let b = acks.begin(file, end: 200)
        acks.complete(file, a)
        acks.abandon(file, b)
        #expect(acks.committed(file) == 100)
        #expect(acks.isSettled(file))
        // Returns at once: nothing is outstanding (before the fix this waited forever).
        #expect(await acks.waitUntilSettled())
    }

    @Test func aRefusedBatchBeforeOthersHoldsThePositionBeforeIt() {
        let acks = AcknowledgedOffsets()
        acks.track(file, from: 0)
        let a = acks.begin(file, end: 100)
        let b = acks.begin(file, end: 200)
        let c = acks.begin(file, end: 300)
        acks.abandon(file, b)
        acks.complete(file, a)
        acks.complete(file, c)
        #expect(acks.committed(file) == 100)
    }

    /// A sink that takes (and acknowledges) the first batch and refuses every later one, as the
    /// queue does once a shutdown cancelled the input while it waited for room.
    final class RefusingSink: EventSink {
        let taken = Atomic<Int>(0)

        func send(_ batch: EventBatch) async throws {
            guard taken.add(1, ordering: .relaxed).newValue == 1 else { throw CancellationError() }
            batch.completion?.seal()
        }
    }

    @Test func aReadRefusedAtShutdownEndsAndRecordsWhatWasTaken() async throws {
        let scratch = try ScratchDirectory("sluice-acks")
        defer { scratch.remove() }
        let directory = scratch.path
        let line = "0123456789\n"
        try String(repeating: line, count: 50).write(toFile: "\(directory)/a.log", atomically: true, encoding: .utf8)
        let options: FileInputOptions = try StageMaker.options(
            .input,
            #"file { path => "\#(directory)/a.log" mode => "read" exit_after_read => true file_chunk_size => 110 sincedb_path => "\#(directory)/sincedb" }"#,
            catalog: BuiltinPlugins.catalog)
        let input = FileInput(options: options)
        // Batches of 10 lines: the first is taken, the second refused, then reading ends.
        let context = StageContext(stageID: "file", batchSize: 10, dataPath: directory, log: .discarding)
        var reader = FileReader(settings: input.settings, decoration: input.decoration, context: context)
        do {
            try await reader.runReadMode(sink: RefusingSink())
            Issue.record("the refusal did not end the read")
        } catch is CancellationError {}
        // Nothing is left to wait for: the refused batch is not counted (it was, and the input's
        // shutdown then waited the full 30-second bound for it).
        #expect(reader.acks.outstanding == 0)
        await reader.finish(waitForAcknowledgements: true)
        let sincedb = try String(contentsOfFile: "\(directory)/sincedb", encoding: .utf8)
        let offset = sincedb.split(separator: " ").dropFirst(3).first.map(String.init)
        #expect(offset == "\(10 * line.utf8.count)", "sincedb: \(sincedb)")
    }
}
