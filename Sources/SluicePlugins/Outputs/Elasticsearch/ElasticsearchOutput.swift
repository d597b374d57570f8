import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
public import SluiceConfig
public import SluiceCore

/// `output { elasticsearch { hosts => [...] index => "choreoai-logs-%{+YYYY.MM.dd}" } }`: `_bulk`
/// requests, as logstash-output-elasticsearch sends them.
///
/// A batch becomes one or more requests (each under 20 MiB uncompressed), gzipped at
/// `compression_level`, sent to the living host with the fewest requests in flight. The answer
/// decides each event's fate: indexed, dropped by rule (409), dead-lettered (400, 404), or retried
/// (429, 5xx) — only those. Whole-request failures (a dead host, any non-2xx) retry the lot. The
/// runner does the waiting (`retry_initial_interval` doubling to `retry_max_interval`), so a batch
/// is acknowledged only once every event is indexed, dropped by rule or in the dead-letter file.
public final class ElasticsearchOutput: Output {
    let settings: ElasticsearchSettings
    let pool: HostPool
    let client: HTTPClient
    /// `nil` when `compression_level => 0`.
    let deflaters: DeflaterPool?
    private let startup = Locked<Task<Void, Never>?>(nil)
    private let resurrection = Locked<Task<Void, Never>?>(nil)
    private let warnings = Locked(WarningLimiter())
    private let version = Locked<String?>(nil)

    public var retryPolicy: RetryPolicy? { settings.retryPolicy }

    public convenience init(options: ElasticsearchOutputOptions) {
        self.init(settings: options.settings)
    }

    init(settings: ElasticsearchSettings) {
        self.settings = settings
        pool = HostPool(settings.hosts)
        deflaters = settings.compressionLevel > 0 ? DeflaterPool(level: settings.compressionLevel) : nil
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: settings.tls?.configuration,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .nanoseconds(settings.timeout.nanoseconds)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.connectionsPerHost),
            proxy: settings.proxy.map { HTTPClient.Configuration.Proxy.server(host: $0.host, port: $0.port) },
            decompression: .disabled)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// The cluster version read from `GET /` at start (`nil` until a host answered).
    var clusterVersion: String? { version.withLock { $0 } }

    public func write(_ events: [Event], context: StageContext) async -> WriteOutcome {
        await startIfNeeded(context)
        var builder = BulkRequestBuilder(settings: settings.document)
        var sink = ByteSink(capacity: events.count * 400 + 1024)
        let plan = builder.build(events, into: &sink)
        var retry: [Int] = []
        var rejections = plan.rejections
        var reason = ""
        var dropped = 0
        for request in plan.requests {
            let start = ContinuousClock.now
            let body = sink.withUnsafeBytes { bytes in
                RequestBody(UnsafeRawBufferPointer(rebasing: bytes[request.bytes]), deflaters: deflaters)
            }
            context.metrics.add(ElasticsearchMetric.compressionMicroseconds.rawValue, Int((ContinuousClock.now - start) / .microseconds(1)))
            switch await send(body, events: request.positions.count, context: context) {
            case .failed(let why):
                retry += request.positions
                reason = why
            case .answered(let response):
                guard response.errors else {
                    context.metrics.add(ElasticsearchMetric.documentsSuccesses.rawValue, request.positions.count)
                    continue
                }
                guard response.items.count == request.positions.count else {
                    retry += request.positions
                    reason = "the bulk response has \(response.items.count) items for \(request.positions.count) actions"
                    context.metrics.add(ElasticsearchMetric.bulkRequestsFailures.rawValue)
                    continue
                }
                var counts = (indexed: 0, retried: 0, dead: 0)
                for (item, position) in zip(response.items, request.positions) {
                    let verdict = ItemVerdict(
                        status: item.status, errorType: item.errorType, deadLetterCodes: settings.deadLetterCodes,
                        dropErrorTypes: settings.dropErrorTypes)
                    switch verdict {
                    case .indexed:
                        counts.indexed += 1
                    case .dropped:
                        dropped += 1
                        warnAboutItem("dropped an event Elasticsearch refused", item, context: context)
                    case .deadLetter:
                        counts.dead += 1
                        rejections.append(Rejection(position: position, reason: ElasticsearchOutput.describe(item)))
                        warnAboutItem("an event cannot be indexed; it goes to the dead-letter file", item, context: context)
                    case .retry:
                        counts.retried += 1
                        retry.append(position)
                        reason = "Elasticsearch answered \(ElasticsearchOutput.describe(item))"
                    }
                }
                context.metrics.add(ElasticsearchMetric.documentsSuccesses.rawValue, counts.indexed)
                context.metrics.add(ElasticsearchMetric.documentsRetryableFailures.rawValue, counts.retried)
                context.metrics.add(ElasticsearchMetric.documentsNonRetryableFailures.rawValue, counts.dead + dropped)
                context.metrics.add(ElasticsearchMetric.documentsDeadLettered.rawValue, counts.dead)
            }
        }
        context.metrics.add(ElasticsearchMetric.documentsDropped.rawValue, dropped)
        if retry.isEmpty && rejections.isEmpty { return .written }
        if rejections.isEmpty && retry.count == events.count { return .retry(reason) }
        retry.sort()
        return .partial(retry: retry, rejected: rejections, reason: reason)
    }

    private func warnAboutItem(_ message: String, _ item: BulkResponse.Item, context: StageContext) {
        if let type = item.errorType, settings.silencedErrorTypes.contains(type) { return }
        warnings.withLock {
            $0.warn(context.log, message, ["stage": context.stageID, "status": "\(item.status)", "error": ElasticsearchOutput.describe(item)], now: .now())
        }
    }

    static func describe(_ item: BulkResponse.Item) -> String {
        var text = "\(item.status)"
        if let type = item.errorType { text += " \(type)" }
        if let reason = item.reason { text += ": \(reason)" }
        return text
    }

    enum SendResult {
        case answered(BulkResponse)
        case failed(String)
    }

    /// Sends one bulk request to a living host.
    private func send(_ body: RequestBody, events: Int, context: StageContext) async -> SendResult {
        guard let hostIndex = pool.checkout() else { return .failed("no living Elasticsearch host") }
        let host = pool.hosts[hostIndex]
        var request = HTTPClientRequest(url: host.baseURL + settings.bulkPath + settings.query)
        request.method = .POST
        addHeaders(to: &request.headers)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Elastic-Event-Count", value: "\(events)")
        request.headers.add(name: "X-Elastic-Uncompressed-Request-Length", value: "\(body.uncompressedCount)")
        if body.compressed { request.headers.add(name: "Content-Encoding", value: "gzip") }
        request.body = .bytes(body.buffer)
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(settings.timeout.nanoseconds))
            let answer = try await response.body.collect(upTo: 256 << 20)
            pool.release(hostIndex, connectionFailed: false)
            let seconds = Double((ContinuousClock.now - start) / .microseconds(1)) / 1_000_000
            context.metrics.observe(ElasticsearchMetric.bulkRequestDuration.rawValue, seconds: seconds)
            context.metrics.add(ElasticsearchMetric.bulkResponses.rawValue, labels: ["code": "\(response.status.code)"])
            let code = Int(response.status.code)
            if code == 413 {
                // Logstash turns a 413 into a per-item 413 for every action: all retried.
                context.metrics.add(ElasticsearchMetric.bulkRequestsFailures.rawValue)
                return .failed("413 Request Entity Too Large from \(host)")
            }
            guard (200..<300).contains(code) else {
                context.metrics.add(ElasticsearchMetric.bulkRequestsFailures.rawValue)
                let text = answer.getString(at: answer.readerIndex, length: min(answer.readableBytes, 300)) ?? ""
                return .failed("HTTP \(code) from \(host): \(text)")
            }
            let parsed = try answer.withUnsafeReadableBytes { bytes in try BulkResponse(parsing: bytes) }
            context.metrics.add(parsed.errors ? ElasticsearchMetric.bulkRequestsWithErrors.rawValue : ElasticsearchMetric.bulkRequestsSuccesses.rawValue)
            return .answered(parsed)
        } catch let malformed as BulkResponse.Malformed {
            context.metrics.add(ElasticsearchMetric.bulkRequestsFailures.rawValue)
            return .failed("\(malformed) (from \(host))")
        } catch {
            pool.release(hostIndex, connectionFailed: true)
            context.metrics.add(ElasticsearchMetric.bulkRequestsFailures.rawValue)
            context.metrics.add(ElasticsearchMetric.hostMarkedDead.rawValue)
            context.log.warning(
                "Elasticsearch host unreachable, marked dead",
                ["stage": context.stageID, "host": host.description, "error": "\(error)"])
            return .failed("cannot reach \(host): \(error)")
        }
    }

    private func addHeaders(to headers: inout HTTPHeaders) {
        headers.add(name: "User-Agent", value: "Sluice logstash-output-elasticsearch-compatible")
        headers.add(name: "x-elastic-product-origin", value: "logstash-output-elasticsearch")
        if let authorization = settings.authorization { headers.add(name: "Authorization", value: authorization) }
        for header in settings.customHeaders { headers.replaceOrAdd(name: header.name, value: header.value) }
    }

    // MARK: Health checks

    /// The first write checks every host (`GET /`, reading the cluster version) and starts the
    /// background check that brings dead hosts back every `resurrect_delay`.
    private func startIfNeeded(_ context: StageContext) async {
        let task = startup.withLock { task -> Task<Void, Never> in
            if let task { return task }
            let started = Task {
                await withTaskGroup(of: Void.self) { group in
                    for index in self.pool.hosts.indices {
                        group.addTask { await self.check(index, context: context, initial: true) }
                    }
                }
                self.startResurrection(context)
            }
            task = started
            return started
        }
        await task.value
    }

    private func startResurrection(_ context: StageContext) {
        let delay = settings.resurrectDelay
        let task = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: delay) } catch { return }
                guard let self else { return }
                for index in self.pool.deadHosts { await self.check(index, context: context, initial: false) }
            }
        }
        resurrection.withLock { $0 = task }
    }

    /// `GET /` on one host: alive when it answers 2xx.
    private func check(_ index: Int, context: StageContext, initial: Bool) async {
        let host = pool.hosts[index]
        var request = HTTPClientRequest(url: host.baseURL + settings.healthcheckPath.withLeadingSlash)
        request.method = .GET
        addHeaders(to: &request.headers)
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard (200..<300).contains(Int(response.status.code)) else {
                pool.markDead(index)
                context.log.warning(
                    "Elasticsearch health check failed", ["stage": context.stageID, "host": host.description, "status": "\(response.status.code)"])
                return
            }
            let number = body.withUnsafeReadableBytes { bytes -> String? in
                guard case .object(let root)? = try? JSONReader.parse(bytes), case .object(let version)? = root["version"],
                    case .string(let number)? = version["number"]
                else { return nil }
                return number
            }
            if let number { version.withLock { $0 = number } }
            pool.markAlive(index)
            context.log.info(
                initial ? "Elasticsearch host ready" : "Elasticsearch host is back",
                ["stage": context.stageID, "host": host.description, "version": number ?? "unknown"])
        } catch {
            pool.markDead(index)
            if initial {
                context.log.warning(
                    "Elasticsearch host unreachable; retrying in the background",
                    ["stage": context.stageID, "host": host.description, "error": "\(error)"])
            }
        }
    }

    public func close() async {
        resurrection.withLock { $0?.cancel() }
        try? await client.shutdown()
    }
}

extension String {
    fileprivate var withLeadingSlash: String { hasPrefix("/") ? self : "/" + self }
}
