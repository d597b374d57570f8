import Foundation
import SluiceConfig
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing

/// The choreoai pipeline (json → date → daily indices) into the test bulk server, through the real
/// runtime: retries, dead letters and acknowledgement together.
@Suite struct ElasticsearchPipelineTests {
    static let filters = #"json { source => "message" } date { match => ["timestamp", "ISO8601"] }"#

    func line(_ seq: Int, day: Int, conflict: Bool = false) -> Event {
        let lineField = conflict ? #"{"no":1}"# : "\(seq)"
        let json = #"{"timestamp":"2024-01-1\#(day)T08:00:00.000Z","level":"INFO","logger":"api","message":"req \#(seq)","line":\#(lineField),"seq":\#(seq)}"#
        return Event(message: json, timestamp: .now())
    }

    @Test func everyEventIsIndexedOrDeadLetteredAndEveryBatchAcknowledgedThroughFailures() async throws {
        let server = try await BulkTestServer.start()
        // Two workers send in either order; without a template, seq 50 reaching its index first
        // would map `line` as an object and reject every other document of that day instead.
        server.mapFields(["line": .number])
        server.failRequests(2, status: 503)
        server.failItems { item in
            guard case .object(let doc)? = item.document, case .int(let seq)? = doc["seq"] else { return nil }
            return seq % 7 == 0 && item.requestNumber <= 4 ? 429 : nil
        }
        // 12 batches of 25 over three days; seqs 50 and 150 carry an object where `line` is a number.
        var batches: [[Event]] = []
        for b in 0..<12 {
            batches.append((0..<25).map { i in
                let seq = b * 25 + i
                return line(seq, day: 5 + seq % 3, conflict: seq == 50 || seq == 150)
            })
        }
        let fixture = try PipelineFixture(
            filters: Self.filters,
            outputs: #"elasticsearch { id => "es" hosts => ["\#(server.url)"] index => "choreoai-logs-%{+YYYY.MM.dd}" }"#,
            batches: batches, workers: 2, batchSize: 50)
        try await fixture.pipeline.run()

        #expect(fixture.completions.completedBatches.sorted() == Array(0..<12))
        #expect(server.totalDocuments == 298)
        var stored: [Int] = []
        for day in 5...7 {
            let documents = server.documents(in: "choreoai-logs-2024.01.1\(day)")
            #expect(documents.count == (day == 6 ? 100 : 99))  // seq 50 was for day 7, seq 150 for day 5
            for document in documents {
                guard case .object(let object) = document, case .int(let seq)? = object["seq"] else { continue }
                stored.append(Int(seq))
                #expect(object["@timestamp"] == .string("2024-01-1\(day)T08:00:00.000Z"))
            }
        }
        #expect(stored.sorted() == (0..<300).filter { $0 != 50 && $0 != 150 })  // each exactly once

        let deadLetters = try String(contentsOfFile: "\(fixture.dataPath)/dead_letter_queue/main/es.ndjson", encoding: .utf8)
            .split(separator: "\n")
        #expect(deadLetters.count == 2)
        #expect(deadLetters.allSatisfy { $0.contains("mapper_parsing_exception") && $0.contains("\"plugin_id\":\"es\"") })

        let stats = fixture.pipeline.stats.snapshot
        #expect(stats.eventsOut == 298)
        #expect(stats.eventsDeadLettered == 2)
        #expect(stats.outputRetries >= 2)
        let metrics = try #require(stats.plugins["es"])
        #expect(metrics.total("elasticsearch_documents_successes_total") == 298)
        #expect(metrics.total("elasticsearch_documents_dlq_routed_total") == 2)
        #expect(metrics.value("elasticsearch_bulk_responses_total", labels: #"code="503""#) == 2)
        #expect(metrics.histograms["elasticsearch_bulk_request_duration_seconds"]?.count == metrics.total("elasticsearch_bulk_responses_total"))
        await server.stop()
    }
}
