import SluiceTestSupport

/// `sluice-bench bulk-server PORT chaos`: the test server fails in turns, a phase every 400 ms,
/// for the Elasticsearch chaos test (scripts/chaos/es-kill.py): answering normally, 503 for whole
/// requests, 429 for a third of the items, refusing and dropping connections (resets), and
/// answering after 800 ms (slow; a client with a shorter timeout sends again what was indexed).
struct ChaosPhases {
    let server: BulkTestServer

    func run() async {
        var phase = 0
        while !Task.isCancelled {
            server.stopFailing()
            server.failItems(nil)
            server.refuseConnections(false)
            server.respondSlowly(nil)
            switch phase % 5 {
            case 1: server.failRequests(1_000_000, status: 503)
            case 2: server.failItems { item in item.document.map { "\($0)".hashValue % 3 == 0 ? 429 : nil } ?? nil }
            case 3: server.refuseConnections(true)
            case 4: server.respondSlowly(.milliseconds(800))
            default: break
            }
            phase += 1
            try? await Task.sleep(for: .milliseconds(400))
        }
    }
}
