import Foundation
import SluiceConfig
import SluiceCore
import SluiceMonitoring
import SluicePlugins
import SluiceRuntime
import SluiceTestSupport
import Testing
import Yams

/// The files under deploy/ parse, and every metric their alerts and dashboard use is one that
/// `/metrics` serves.
@Suite struct DeployFilesTests {
    static let root = VectorFiles.repositoryRoot.path + "/deploy"

    /// Every metric name `/metrics` can serve: the pipeline's, the queue's and process's, and each
    /// plugin's declared metrics (histograms with their series).
    static var servedNames: Set<String> {
        let text = StatsRenderer.prometheus(
            PipelineStats(stageIDs: ["x"]).snapshot, queue: .init(events: 0, bytes: 0, maxEvents: 1, maxBytes: 1), process: .read())
        var names = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) })
        for name in ElasticsearchMetric.allCases.map(\.rawValue) + BeatsMetric.allCases.map(\.rawValue)
            + FileInputMetric.allCases.map(\.rawValue) + TCPInputMetric.allCases.map(\.rawValue)
            + UDPInputMetric.allCases.map(\.rawValue) + HTTPInputMetric.allCases.map(\.rawValue) {
            names.insert("sluice_" + name)
            for suffix in ["_bucket", "_sum", "_count"] { names.insert("sluice_" + name + suffix) }
        }
        return names
    }

    static func metricNames(in text: String) -> Set<String> {
        Set(text.matches(of: /sluice_[a-z0-9_]+/).map { String($0.output) })
    }

    @Test func alertsAreValidRulesOverServedMetrics() throws {
        let text = try String(contentsOfFile: "\(Self.root)/prometheus/alerts.yml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let groups = try #require(document["groups"] as? [[String: Any]])
        let rules = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
        #expect(rules.count >= 8)
        var used = Set<String>()
        for rule in rules {
            let expression = try #require(rule["expr"] as? String, "\(rule)")
            #expect(rule["alert"] is String)
            used.formUnion(Self.metricNames(in: expression))
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(Self.servedNames).isEmpty, "not served: \(used.subtracting(Self.servedNames).sorted())")
    }

    @Test func theDashboardIsJSONOverServedMetrics() throws {
        let text = try String(contentsOfFile: "\(Self.root)/grafana/sluice-dashboard.json", encoding: .utf8)
        guard case .object(let dashboard) = try JSONReader.parse(text), case .array(let panels)? = dashboard["panels"] else {
            Issue.record("the dashboard has no panels")
            return
        }
        var used = Set<String>()
        for case .object(let panel) in panels {
            for case .object(let target) in panel["targets"]?.arrayValue ?? [] {
                used.formUnion(Self.metricNames(in: target["expr"]?.stringValue ?? ""))
            }
        }
        #expect(used.count >= 10)
        #expect(used.subtracting(Self.servedNames).isEmpty, "not served: \(used.subtracting(Self.servedNames).sorted())")
    }

    @Test func kubernetesManifestsProbeHealthAndShipAValidPipeline() throws {
        let deployment = try #require(
            try Yams.load(yaml: String(contentsOfFile: "\(Self.root)/kubernetes/deployment.yaml", encoding: .utf8)) as? [String: Any])
        #expect(deployment["kind"] as? String == "Deployment")
        let text = try String(contentsOfFile: "\(Self.root)/kubernetes/deployment.yaml", encoding: .utf8)
        #expect(text.components(separatedBy: "path: /health").count == 3)  // liveness and readiness
        let service = try #require(
            try Yams.load(yaml: String(contentsOfFile: "\(Self.root)/kubernetes/service.yaml", encoding: .utf8)) as? [String: Any])
        #expect(service["kind"] as? String == "Service")
        #expect(try String(contentsOfFile: "\(Self.root)/kubernetes/service.yaml", encoding: .utf8).contains("port: 5044"))
        let configMap = try #require(
            try Yams.load(yaml: String(contentsOfFile: "\(Self.root)/kubernetes/configmap.yaml", encoding: .utf8)) as? [String: Any])
        let pipeline = try #require((configMap["data"] as? [String: Any])?["pipeline.conf"] as? String)
        let config = try PipelineConfig.parse([ConfigSource(name: "configmap", text: pipeline)]).get()
        _ = try ConfigChecker(catalog: BuiltinPlugins.catalog, environment: [:]).check(config).get()
    }

    @Test func theSystemdUnitRunsSluiceAndStopsWithSIGTERM() throws {
        let unit = try String(contentsOfFile: "\(Self.root)/systemd/sluice.service", encoding: .utf8)
        #expect(unit.contains("[Service]") && unit.contains("[Install]"))
        #expect(unit.contains("ExecStart=/usr/local/bin/sluice -f"))
        #expect(unit.contains("KillSignal=SIGTERM"))
    }
}
