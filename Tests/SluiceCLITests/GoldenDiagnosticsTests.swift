import Foundation
import SluiceCLI
import SluiceConfig
import SluiceTestSupport
import Testing

/// Every broken config under fixtures/config/invalid/ prints exactly its golden diagnostics.
@Suite struct GoldenDiagnosticsTests {
    static let directory = "fixtures/config/invalid"

    static var cases: [String] {
        let url = VectorFiles.repositoryRoot.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".conf") }.sorted()
    }

    @Test func thereAreGoldenCases() {
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases)
    func brokenConfigPrintsItsGoldenDiagnostics(_ name: String) throws {
        let root = VectorFiles.repositoryRoot
        let relative = "\(Self.directory)/\(name)"
        let bytes = Array(try Data(contentsOf: root.appendingPathComponent(relative)))
        let expectedURL = root.appendingPathComponent(relative.replacingOccurrences(of: ".conf", with: ".expected"))
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let loaded = ConfigLoader.Loaded(sources: [ConfigSource(name: relative, bytes: bytes)], warnings: [])
        let report = ConfigCheck.run(loaded, syntaxOnly: false, supportEscapes: false, environment: [:])
        #expect(report.exitCode == 1)
        #expect(report.output.isEmpty)
        #expect(report.diagnostics + "\n" == expected)
    }
}
