import NIOCore
import NIOHTTP1
import SluiceCore
import Synchronization

/// Serves one connection's requests in order: each one's head admitted (or refused), its body
/// gathered up to `max_content_length`, its events sent to the pipeline, and the answer written
/// when they are queued or, with `ack_after_write`, written by every output.
struct HTTPConnection: Sendable {
    let intake: HTTPIntake
    let inFlight: RequestsInFlight
    let sink: any EventSink
    let context: StageContext

    private var options: HTTPInputOptions { intake.options }

    /// A request answered and the connection to be closed after it (the rest of its body unread).
    private struct Abandon: Error {}

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, from address: SocketAddress?) async {
        let remote = address?.ipAddress ?? ""
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                // A request refused by its head: its body is read and dropped, then the refusal sent.
                var refusal: HTTPIntake.Refusal?
                for try await part in inbound {
                    switch part {
                    case .head(let request):
                        head = request
                        body.clear()
                        refusal = intake.admit(request)
                        let expectsContinue = request.headers.first(name: "expect")?.lowercased() == "100-continue"
                        if let refused = refusal, expectsContinue || refused.status == .payloadTooLarge {
                            // The client waits, or the body is too large to read through: answer and close.
                            try await respond(outbound, to: request, refusal: refused, close: true)
                            throw Abandon()
                        }
                        if expectsContinue {
                            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .continue)))
                        }
                    case .body(var chunk):
                        guard let request = head else { continue }
                        context.metrics.add(HTTPInputMetric.bytesReceived.rawValue, chunk.readableBytes)
                        if refusal != nil { continue }
                        if body.readableBytes + chunk.readableBytes > options.maxContentLength {
                            let refusal = HTTPIntake.Refusal(
                                status: .payloadTooLarge, message: "the body is larger than max_content_length (\(options.maxContentLength) bytes)")
                            try await respond(outbound, to: request, refusal: refusal, close: true)
                            throw Abandon()
                        }
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        if let refused = refusal {
                            refusal = nil
                            try await respond(outbound, to: request, refusal: refused, close: !request.isKeepAlive)
                            if !request.isKeepAlive { return }
                            continue
                        }
                        let keepAlive = try await handle(request, body: body, remote: remote, outbound: outbound)
                        body = ByteBuffer()
                        if !keepAlive { return }
                    }
                }
            }
        } catch is Abandon {
        } catch is CancellationError {
        } catch {
            context.log.info("http connection ended", ["peer": remote, "reason": "\(error)", "stage": context.stageID])
        }
    }

    /// Answers one whole request; `false` when the connection closes after it.
    private func handle(
        _ request: HTTPRequestHead, body: ByteBuffer, remote: String, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        guard inFlight.count.add(1, ordering: .relaxed).newValue <= options.maxPendingRequests else {
            inFlight.count.subtract(1, ordering: .relaxed)
            let refusal = HTTPIntake.Refusal(
                status: .tooManyRequests, message: "busy: too many requests waiting for the pipeline, retry later", headers: [("Retry-After", "1")])
            try await respond(outbound, to: request, refusal: refusal, close: !request.isKeepAlive)
            return request.isKeepAlive
        }
        defer { inFlight.count.subtract(1, ordering: .relaxed) }
        let events: [Event]
        switch body.withUnsafeReadableBytes({ bytes in
            Result { () throws(HTTPIntake.Refusal) in try intake.events(head: request, body: bytes, remoteAddress: remote, now: .now()) }
        }) {
        case .success(let decoded):
            events = decoded
        case .failure(let refusal):
            context.log.info("http request refused", ["peer": remote, "status": "\(refusal.status.code)", "reason": refusal.message, "stage": context.stageID])
            try await respond(outbound, to: request, refusal: refusal, close: !request.isKeepAlive)
            return request.isKeepAlive
        }
        context.metrics.add(HTTPInputMetric.eventsReceived.rawValue, events.count)
        let pieces = stride(from: 0, to: events.count, by: HTTPInput.batchEvents).map { $0..<min(events.count, $0 + HTTPInput.batchEvents) }
        let acknowledgement = options.ackAfterWrite ? RequestAcknowledgement(batches: pieces.count) : nil
        do {
            for piece in pieces {
                let share = body.readableBytes * piece.count / max(1, events.count)
                try await sink.send(EventBatch(events: Array(events[piece]), completion: acknowledgement?.completion(), byteCount: share))
            }
            if let acknowledgement {
                while !(await acknowledgement.signal.wait(upTo: .seconds(1))) {
                    if context.forcedStop.isSet { throw CancellationError() }
                    try Task.checkCancellation()
                }
            }
        } catch is CancellationError {
            // The pipeline is stopping: what was queued may still be written, but that cannot be
            // told any more; the client retries.
            let refusal = HTTPIntake.Refusal(status: .serviceUnavailable, message: "the pipeline is stopping", headers: [("Retry-After", "1")])
            try? await respond(outbound, to: request, refusal: refusal, close: true)
            throw CancellationError()
        }
        try await respondSuccess(outbound, to: request)
        return request.isKeepAlive
    }

    private func respondSuccess(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, to request: HTTPRequestHead) async throws {
        let status = HTTPResponseStatus(statusCode: options.responseStatus)
        var headers = HTTPHeaders()
        for (name, value) in options.responseHeaders { headers.replaceOrAdd(name: name, value: value) }
        let body = status == .noContent ? "" : "ok"
        if status != .noContent {
            if !headers.contains(name: "content-type") { headers.add(name: "Content-Type", value: "text/plain") }
            headers.replaceOrAdd(name: "Content-Length", value: "\(body.utf8.count)")
        }
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        context.metrics.add(HTTPInputMetric.requests.rawValue, labels: ["code": "\(status.code)"])
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
        try await outbound.write(.end(nil))
    }

    private func respond(
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, to request: HTTPRequestHead, refusal: HTTPIntake.Refusal, close: Bool
    ) async throws {
        var headers = HTTPHeaders()
        for (name, value) in refusal.headers { headers.add(name: name, value: value) }
        let body = refusal.message + "\n"
        headers.add(name: "Content-Type", value: "text/plain")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        if close { headers.add(name: "Connection", value: "close") }
        context.metrics.add(HTTPInputMetric.requests.rawValue, labels: ["code": "\(refusal.status.code)"])
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: refusal.status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
        try await outbound.write(.end(nil))
    }
}
