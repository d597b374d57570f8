import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// The JSONTestSuite conformance files (`shared/vectors/json-test-suite/test_parsing`):
/// `y_` must be accepted and written back to an equal value, `n_` rejected, `i_` either, never a crash.
@Suite struct JSONTestSuiteTests {
    static let directory = VectorFiles.url("json-test-suite/test_parsing")

    static func files(prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    @Test func theVectorFilesAreThere() {
        #expect(Self.files(prefix: "y_").count == 95)
        #expect(Self.files(prefix: "n_").count == 188)
        #expect(Self.files(prefix: "i_").count == 35)
    }

    @Test(arguments: files(prefix: "y_"))
    func acceptedDocumentRoundTrips(_ name: String) throws {
        let value = try JSONReader.parse(try Self.bytes(name))
        var written = ByteSink()
        JSONWriter.append(value, to: &written)
        let reread = try JSONReader.parse(written.bytes)
        #expect(reread == value, "\(name): \(written.string)")
    }

    @Test(arguments: files(prefix: "n_"))
    func invalidDocumentIsRejected(_ name: String) throws {
        #expect(throws: JSONError.self, "\(name) was accepted") { try JSONReader.parse(try Self.bytes(name)) }
    }

    @Test(arguments: files(prefix: "i_"))
    func implementationDefinedDocumentNeverCrashes(_ name: String) throws {
        // Either outcome is allowed; an accepted value must be writable and read back equal.
        if let value = try? JSONReader.parse(try Self.bytes(name)) {
            var written = ByteSink()
            JSONWriter.append(value, to: &written)
            #expect(try JSONReader.parse(written.bytes) == value, "\(name)")
        }
    }
}
