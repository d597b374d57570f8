import Foundation
import SluiceCLI
import SluiceConfig
import SluicePlugins
import SluiceTestSupport
import Testing

/// ../shared/real-configs: 322 public Logstash pipeline files. Every file whose plugins (and
/// codecs) all exist in Sluice must pass a full `sluice check`.
@Suite struct RealConfigsTests {
    static let directory = VectorFiles.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real-configs")

    /// The plugins and codecs a checked (syntax-only) pipeline names.
    static func pluginsUsed(_ pipeline: CheckedPipeline) -> [(SectionKind, String)] {
        var used: [(SectionKind, String)] = []
        for kind in SectionKind.allCases {
            for stage in pipeline.stages(kind) {
                used.append((kind, stage.name))
                if case .codec(let codec)? = stage.options["codec"] { used.append((.input, "codec:" + codec.name)) }
            }
        }
        return used
    }

    static func known(_ plugin: (SectionKind, String)) -> Bool {
        if plugin.1.hasPrefix("codec:") { return BuiltinPlugins.codecs.contains(String(plugin.1.dropFirst(6))) }
        return BuiltinPlugins.catalog.spec(plugin.0, plugin.1) != nil
    }

    /// Files Logstash 8 and 9 refuse as well, with the reason; each must still be refused (else it
    /// belongs with the files that pass).
    static let refusedByLogstashToo: [String: String] = [
        "techup-group__JailPopDashboard__logstash__conf.d__logstash.conf":
            "elasticsearch output with Logstash 1.x settings (host, cluster, flush_size), gone from Logstash's plugin since 2.x",
        "PavelVanecek__docker-logs-cookbook__logstash__conf.d__logstash.conf":
            "elasticsearch output with Logstash 1.x settings (embedded, host, port, protocol), gone from Logstash's plugin since 2.x",
    ]

    /// Files that use a setting Sluice refuses because it is not built yet (a config error that
    /// says so), with the setting; each must still be refused, and leaves this list once built.
    static let settingNotBuiltYet: [String: String] = [
        "pfelk__pfelk__etc__pfelk__conf.d__01-inputs.pfelk": "the syslog input's grok_pattern"
    ]

    @Test func everyFileWhosePluginsAllExistPassesCheck() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".conf") || $0.hasSuffix(".pfelk") }.sorted()
        #expect(names.count >= 300, "real configs not found in \(Self.directory.path)")
        var eligible = 0
        var failures: [String] = []
        /// Files that fail only because a file they name (a certificate, a pattern directory) is not in the corpus.
        var needFiles: [String] = []
        for name in names {
            let path = Self.directory.appendingPathComponent(name).path
            let syntax = ConfigCheck.run(path: path, syntaxOnly: true, environment: [:])
            guard let pipeline = syntax.pipeline else {
                failures.append("\(name): not even grammatical: \(syntax.diagnostics)")
                continue
            }
            guard Self.pluginsUsed(pipeline).allSatisfy(Self.known) else { continue }
            eligible += 1
            // Placeholders of the files' own deployments (`${ES_HOST}`) are given a value, as a user would.
            let report = ConfigCheck.run(path: path, syntaxOnly: false, environment: RealConfigsTests.environment(for: path))
            if let reason = Self.refusedByLogstashToo[name] ?? Self.settingNotBuiltYet[name] {
                #expect(report.exitCode != 0, "\(name) now passes: \(reason)")
                continue
            }
            guard report.exitCode != 0 else { continue }
            let errors = report.diagnostics.split(separator: "\n").filter { $0.contains(": error: ") }
            // A certificate or a pattern directory of the file's own deployment that is not in the
            // corpus (and the patterns only that directory defines).
            let missingFile = { (line: Substring) in line.contains("cannot read /") || line.contains("does not exist") }
            if errors.contains(where: missingFile) && errors.allSatisfy({ missingFile($0) || $0.contains("not defined") }) {
                needFiles.append(name)
            } else {
                failures.append("\(name):\n\(report.diagnostics)")
            }
        }
        let refused = Self.refusedByLogstashToo.count
        let notBuilt = Self.settingNotBuiltYet.count
        let passed = eligible - failures.count - needFiles.count - refused - notBuilt
        print(
            "real configs: \(eligible) of \(names.count) use only plugins Sluice has; \(passed) pass sluice check; "
                + "\(needFiles.count) name files that are not in the corpus (\(needFiles.joined(separator: ", "))); "
                + "\(refused) Logstash refuses too; \(notBuilt) use a setting not built yet (\(Self.settingNotBuiltYet.values.sorted().joined(separator: ", ")))")
        #expect(eligible >= 172)
        #expect(failures.isEmpty, "\(failures.count) failed:\n\(failures.joined(separator: "\n"))")
    }

    /// A value for every `${VAR}` the file names without a default.
    static func environment(for path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var variables: [String: String] = [:]
        var rest = text[...]
        while let start = rest.range(of: "${") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "}") else { break }
            let name = rest[..<end].split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if !name.isEmpty { variables[name] = "value" }
            rest = rest[end...]
        }
        return variables
    }
}
