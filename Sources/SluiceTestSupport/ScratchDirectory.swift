import Foundation

/// A test's own directory under the temporary directory, removed when the test is done
/// (`defer { scratch.remove() }`). `SLUICE_KEEP_TEST_DIRS=1` keeps them, to look at after a failure.
public struct ScratchDirectory: Sendable {
    public let path: String

    /// Creates `<tmp>/<prefix>-<uuid>`.
    public init(_ prefix: String) throws {
        path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() {
        guard ProcessInfo.processInfo.environment["SLUICE_KEEP_TEST_DIRS"] == nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
