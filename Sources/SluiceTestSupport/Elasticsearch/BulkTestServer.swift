import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
public import SluiceCore
import SluiceNetwork

/// A stand-in for Elasticsearch on 127.0.0.1 that follows the real `_bulk` API closely enough to
/// test an output against: strict NDJSON, index-name rules, dynamic-mapping conflicts per index
/// (`mapper_parsing_exception`), `create` conflicts (409), gzip bodies, `filter_path`; and it can be
/// told to fail (whole requests with a status, items by a rule, connections refused).
///
/// In count-only mode (benchmarks) it parses every line but keeps no documents and no mappings.
public final class BulkTestServer: Sendable {
    public let port: Int
    let channel: any Channel
    let handler: BulkTestHandler
    let tlsEnabled: Bool

    func withState<R>(_ body: (inout BulkTestState) -> R) -> R {
        handler.state.withLockedValue { body(&$0) }
    }

    private init(port: Int, channel: any Channel, handler: BulkTestHandler, tlsEnabled: Bool) {
        self.port = port
        self.tlsEnabled = tlsEnabled
        self.channel = channel
        self.handler = handler
    }

    /// Starts a server on 127.0.0.1 and an OS-chosen port (or `port`); HTTPS with `tls`, which
    /// can also require client certificates signed by the test CA.
    public static func start(
        countOnly: Bool = false, port: Int = 0, tls: TestCertificates? = nil, requireClientCertificate: Bool = false
    ) async throws -> BulkTestServer {
        let handler = BulkTestHandler(countOnly: countOnly)
        var context: NIOSSLContext?
        if let tls {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.serverCertificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.serverKey, format: .pem)))
            if requireClientCertificate {
                configuration.certificateVerification = .noHostnameVerification
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(tls.caCertificate))
            }
            context = try NIOSSLContext(configuration: configuration)
        }
        let sslContext = context
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return AcceptedChannel(
                        try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                }
            }
        let bound = server.channel.localAddress?.port ?? port
        let channel = server.channel
        Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await accepted in connections {
                        guard let connection = accepted.take() else { continue }
                        group.addTask { await handler.serve(connection) }
                    }
                }
            }
        }
        return BulkTestServer(port: bound, channel: channel, handler: handler, tlsEnabled: tls != nil)
    }

    public var url: String { "\(tlsEnabled ? "https" : "http")://127.0.0.1:\(port)" }

    public func stop() async {
        try? await channel.close()
    }

    // MARK: Telling it to fail

    /// The next `count` bulk requests are answered with `status` and nothing is indexed.
    public func failRequests(_ count: Int, status: Int) {
        withState { $0.requestFailures += Array(repeating: status, count: count) }
    }

    /// Answers normally again (the pending request failures are forgotten).
    public func stopFailing() {
        withState { $0.requestFailures.removeAll() }
    }

    /// Every item for which `rule` returns a status fails with it (429 → `es_rejected_execution_exception`,
    /// others → `illegal_state_exception`); `nil` lets the item through.
    public func failItems(_ rule: (@Sendable (BulkItemContext) -> Int?)?) {
        withState { $0.itemRule = rule }
    }

    /// Every index created from now on starts with these fields mapped (an index template), so the
    /// kind of a field does not depend on which document happens to arrive first.
    public func mapFields(_ fields: [String: MappedKind]) {
        withState { $0.template.kinds.merge(fields) { _, new in new } }
    }

    /// While true, every connection is closed as soon as it is accepted (a host that is down).
    public func refuseConnections(_ refuse: Bool) {
        withState { $0.refusing = refuse }
    }

    /// Answers each request only after `delay` (what it indexes, it indexes at once); `nil` ends it.
    public func respondSlowly(_ delay: Duration?) {
        withState { $0.responseDelay = delay }
    }

    /// Every document of every index, as NDJSON lines (documents kept only outside count-only mode).
    public func allDocumentLines() -> [String] {
        withState { state in state.indices.values.flatMap { $0.documents.map { JSONWriter.string($0) } } }
    }

    // MARK: What it received

    /// The documents of an index, in the order they were indexed.
    public func documents(in index: String) -> [Value] {
        withState { $0.indices[index]?.documents ?? [] }
    }

    /// Documents per index (also in count-only mode).
    public var counts: [String: Int] {
        withState { $0.indices.mapValues(\.count) }
    }

    public var totalDocuments: Int {
        withState { $0.indices.values.reduce(0) { $0 + $1.count } }
    }

    /// Bulk requests received (answered or failed), and the largest uncompressed body seen.
    public var bulkRequests: Int { withState { $0.bulkRequests } }
    public var largestBody: Int { withState { $0.largestBody } }
    public var gzipRequests: Int { withState { $0.gzipRequests } }

    /// The headers of the last bulk request (names lowercased).
    public var lastHeaders: [String: String] { withState { $0.lastHeaders } }
    /// The path and query of the last bulk request.
    public var lastURI: String { withState { $0.lastURI } }
}

/// What a failure rule sees of one bulk item.
public struct BulkItemContext: Sendable {
    public let index: String
    public let action: String
    public let document: Value?
    /// 1 for the server's first bulk request, 2 for the second...
    public let requestNumber: Int
}

/// Serves connections over the shared state (the connection tasks hold it, not the server).
final class BulkTestHandler: Sendable {
    /// Behind a pthread mutex (`NIOLockedValueBox`), which ThreadSanitizer sees; it does not see
    /// `Synchronization.Mutex` (a futex on Linux) and reported this state as racy.
    let state: NIOLockedValueBox<BulkTestState>

    init(countOnly: Bool) {
        state = NIOLockedValueBox(BulkTestState(countOnly: countOnly))
    }

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        if state.withLockedValue({ $0.refusing }) {
            try? await connection.channel.close()
            return
        }
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let request):
                    head = request
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    // A host going down drops its open connections too.
                    if state.withLockedValue({ $0.refusing }) { return }
                    let (status, text) = respond(request, body: body)
                    if let delay = state.withLockedValue({ $0.responseDelay }) { try await Task.sleep(for: delay) }
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: "\(text.utf8.count)")
                    headers.add(name: "X-elastic-product", value: "Elasticsearch")
                    try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                    if request.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text)))) }
                    try await outbound.write(.end(nil))
                    head = nil
                    if !request.isKeepAlive { return }
                }
            }
        }
    }

    func respond(_ request: HTTPRequestHead, body: ByteBuffer) -> (HTTPResponseStatus, String) {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        switch (request.method, path) {
        case (.GET, "/"), (.HEAD, "/"):
            return (.ok, #"{"name":"sluice-test","cluster_name":"test","version":{"number":"8.15.0"},"tagline":"You Know, for Search"}"#)
        case (.POST, "/_bulk"), (.PUT, "/_bulk"):
            let gzip = request.headers["content-encoding"].first?.lowercased() == "gzip"
            var bytes = body
            let plain: [UInt8]
            if gzip {
                guard let inflated = bytes.withUnsafeReadableBytes({ Inflate.gunzip($0) }) else {
                    return (.badRequest, BulkTestState.errorBody(type: "parse_exception", reason: "invalid gzip body", status: 400))
                }
                plain = inflated
            } else {
                plain = bytes.readBytes(length: bytes.readableBytes) ?? []
            }
            let filtered = request.uri.contains("filter_path=")
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.lowercased()] = value }
            if let failure = state.withLockedValue({ $0.receive(bodyCount: plain.count, gzip: gzip, headers: headers, uri: request.uri) }) {
                return failure
            }
            let keepSources = !state.withLockedValue { $0.countOnly }
            switch BulkTestState.parse(plain, keepSources: keepSources) {
            case .failure(let rejection):
                return (.badRequest, BulkTestState.errorBody(type: rejection.type, reason: rejection.reason, status: 400))
            case .success(let actions):
                return state.withLockedValue { $0.bulk(actions, filtered: filtered) }
            }
        default:
            return (.notFound, BulkTestState.errorBody(type: "resource_not_found_exception", reason: "no handler for \(path)", status: 404))
        }
    }
}
