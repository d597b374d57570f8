import NIOCore
import NIOPosix
import SluiceConfig
import SluiceCore
import SluiceMonitoring
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct MonitoringServerTests {
    final class PortBox: Sendable { let port = Mutex<Int?>(nil) }

    /// `GET path` over a raw TCP connection; the whole response as text.
    func get(_ path: String, port: Int, authorization: String? = nil) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
            channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, outbound in
            let auth = authorization.map { "Authorization: \($0)\r\n" } ?? ""
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: test\r\n\(auth)Connection: close\r\n\r\n"))
            var text = ""
            for try await chunk in inbound { text += String(buffer: chunk) }
            return text
        }
    }

    @Test func healthMetricsAndNodeStatsServeTheCounters() async throws {
        let config = try PipelineConfig.parse([
            ConfigSource(name: "t", text: #"input { generator { count => 250 } } filter { mutate { add_tag => ["x"] } } output { null {} }"#)
        ]).get()
        let checked = try ConfigChecker(catalog: BuiltinPlugins.catalog, environment: [:]).check(config).get()
        let pipeline = Pipeline(
            checked: checked, settings: PipelineSettings(workers: 1), dataPath: "/tmp", log: .discarding)
        try await pipeline.run()
        let box = PortBox()
        let server = Task {
            try await MonitoringServer(host: "127.0.0.1", ports: 0...0, pipeline: PipelineSlot(pipeline), version: "test").run(log: .discarding) { port in
                box.port.withLock { $0 = port }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while box.port.withLock({ $0 }) == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let port = try #require(box.port.withLock { $0 })

        let health = try await get("/health", port: port)
        #expect(health.hasPrefix("HTTP/1.1 200 OK"))
        #expect(health.contains(#""status":"healthy""#))
        let metrics = try await get("/metrics", port: port)
        #expect(metrics.contains(#"sluice_events_out_total{pipeline="main"} 250"#))
        #expect(metrics.contains(#"sluice_stage_events_in_total{pipeline="main",stage="mutate_1"} 250"#))
        let stats = try await get("/_node/stats/pipelines", port: port)
        #expect(stats.contains(#""events":{"in":250,"filtered":250,"out":250}"#))
        #expect(try await get("/nope", port: port).hasPrefix("HTTP/1.1 404"))
        #expect(metrics.contains("sluice_queue_max_events{pipeline=\"main\"}"))
        #expect(metrics.contains("sluice_process_resident_memory_bytes "))
        #expect(metrics.contains("sluice_worker_busy_seconds_total{pipeline=\"main\"} "))
        #expect(metrics.contains("sluice_backpressure_seconds_total{pipeline=\"main\"} "))
        server.cancel()

        // With basic auth, a request without the right credentials gets 401 and nothing else.
        let box2 = PortBox()
        let guarded = Task {
            try await MonitoringServer(
                host: "127.0.0.1", ports: 0...0, pipeline: PipelineSlot(pipeline), version: "test", credentials: ("ops", "s3cret")
            ).run(log: .discarding) { port in box2.port.withLock { $0 = port } }
        }
        while box2.port.withLock({ $0 }) == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let guardedPort = try #require(box2.port.withLock { $0 })
        let refused = try await get("/metrics", port: guardedPort)
        #expect(refused.hasPrefix("HTTP/1.1 401"))
        #expect(!refused.contains("sluice_events"))
        #expect(try await get("/health", port: guardedPort, authorization: "Basic b3BzOndyb25n").hasPrefix("HTTP/1.1 401"))
        #expect(try await get("/health", port: guardedPort, authorization: "Basic b3BzOnMzY3JldA==").hasPrefix("HTTP/1.1 200"))
        guarded.cancel()
    }

    /// A scrape arriving as the API stops must not stop the process (NIO traps on an accepted
    /// connection dropped before it was served); every connection of the burst gets closed.
    @Test func stoppingWhileScrapersConnectClosesEveryConnection() async throws {
        let pipeline = Pipeline(
            checked: try ConfigChecker(catalog: BuiltinPlugins.catalog, environment: [:]).check(
                try PipelineConfig.parse([ConfigSource(name: "t", text: #"input { generator { count => 1 } } output { null {} }"#)]).get()
            ).get(), settings: PipelineSettings(workers: 1), dataPath: "/tmp", log: .discarding)
        for _ in 0..<8 {
            let box = PortBox()
            let server = Task {
                try await MonitoringServer(host: "127.0.0.1", ports: 0...0, pipeline: PipelineSlot(pipeline), version: "test").run(log: .discarding) {
                    port in box.port.withLock { $0 = port }
                }
            }
            let deadline = ContinuousClock.now + .seconds(60)
            while box.port.withLock({ $0 }) == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
            let port = try #require(box.port.withLock { $0 })
            let sockets = try await offPool { (0..<64).map { _ in RawSocket.connect(toLocalPort: port) } }
            #expect(sockets.allSatisfy { $0 >= 0 })
            server.cancel()
            _ = await server.result
            let closed = try await offPool { sockets.filter { $0 >= 0 }.map { RawSocket.waitForClose($0) } }
            #expect(closed.allSatisfy { $0 }, "\(closed.filter { !$0 }.count) of \(closed.count) connections were left open")
            for fd in sockets where fd >= 0 { close(fd) }
        }
    }
}

@Suite struct HealthStateTests {
    @Test func healthIsDegradedWhileAnOutputRetriesAndHealthyAgainLater() {
        let watch = RetryWatch()
        #expect(watch.observe(0, at: Timestamp(epochSeconds: 1_000)) == false)
        #expect(watch.observe(3, at: Timestamp(epochSeconds: 1_001)) == true)
        #expect(watch.observe(3, at: Timestamp(epochSeconds: 1_020)) == true)
        #expect(watch.observe(3, at: Timestamp(epochSeconds: 1_040)) == false)
    }
}

@Suite struct PluginMetricsRenderingTests {
    @Test func pluginCountersAndLatencyHistogramsAreServedInPrometheusFormat() throws {
        let stats = PipelineStats(stageIDs: ["es"])
        let metrics = try #require(stats.plugins["es"])
        metrics.add("elasticsearch_bulk_responses_total", 3, labels: ["code": "200"])
        metrics.add("elasticsearch_bulk_responses_total", labels: ["code": "429"])
        metrics.observe("elasticsearch_bulk_request_duration_seconds", seconds: 0.003)
        metrics.observe("elasticsearch_bulk_request_duration_seconds", seconds: 0.2)
        metrics.observe("elasticsearch_bulk_request_duration_seconds", seconds: 100)
        let text = StatsRenderer.prometheus(stats.snapshot)
        #expect(text.contains(#"sluice_elasticsearch_bulk_responses_total{pipeline="main",stage="es",code="200"} 3"#))
        #expect(text.contains(#"sluice_elasticsearch_bulk_responses_total{pipeline="main",stage="es",code="429"} 1"#))
        #expect(text.contains("# TYPE sluice_elasticsearch_bulk_request_duration_seconds histogram"))
        #expect(text.contains(#"sluice_elasticsearch_bulk_request_duration_seconds_bucket{pipeline="main",stage="es",le="0.005"} 1"#))
        #expect(text.contains(#"sluice_elasticsearch_bulk_request_duration_seconds_bucket{pipeline="main",stage="es",le="0.25"} 2"#))
        #expect(text.contains(#"sluice_elasticsearch_bulk_request_duration_seconds_bucket{pipeline="main",stage="es",le="60.0"} 2"#))
        #expect(text.contains(#"sluice_elasticsearch_bulk_request_duration_seconds_bucket{pipeline="main",stage="es",le="+Inf"} 3"#))
        #expect(text.contains(#"sluice_elasticsearch_bulk_request_duration_seconds_count{pipeline="main",stage="es"} 3"#))
    }

    @Test func gaugesAreServedWithEscapedLabelsAndVanishWhenRemoved() throws {
        let stats = PipelineStats(stageIDs: ["in"])
        let metrics = try #require(stats.plugins["in"])
        metrics.set("file_input_lag_bytes", 42, labels: ["path": #"/var/log/a "b"\c.log"#])
        metrics.set("file_input_lag_bytes", 7, labels: ["path": "/var/log/d.log"])
        metrics.set("file_input_lag_bytes", 0, labels: ["path": "/var/log/d.log"])
        var text = StatsRenderer.prometheus(stats.snapshot)
        #expect(text.contains("# TYPE sluice_file_input_lag_bytes gauge"))
        #expect(text.contains(#"sluice_file_input_lag_bytes{pipeline="main",stage="in",path="/var/log/a \"b\"\\c.log"} 42"#))
        #expect(text.contains(#"sluice_file_input_lag_bytes{pipeline="main",stage="in",path="/var/log/d.log"} 0"#))
        metrics.removeGauge("file_input_lag_bytes", labels: ["path": "/var/log/d.log"])
        text = StatsRenderer.prometheus(stats.snapshot)
        #expect(!text.contains("d.log"))
    }
}

@Suite struct UnhealthyStateTests {
    @Test func healthTurnsUnhealthyWhenEventsWaitAndNothingIsWrittenForTheThreshold() {
        let watch = ProgressWatch()
        #expect(watch.stalledSeconds(out: 10, waiting: true, at: Timestamp(epochSeconds: 1_000)) == 0)
        #expect(watch.stalledSeconds(out: 10, waiting: true, at: Timestamp(epochSeconds: 1_030)) == 30)
        #expect(watch.stalledSeconds(out: 10, waiting: true, at: Timestamp(epochSeconds: 1_061)) == 61)
        #expect(watch.stalledSeconds(out: 11, waiting: true, at: Timestamp(epochSeconds: 1_062)) == 0)  // progress
        #expect(watch.stalledSeconds(out: 11, waiting: false, at: Timestamp(epochSeconds: 2_000)) == 0)  // idle is fine
    }
}
