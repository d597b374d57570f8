public import Foundation

/// Finds and loads the shared test vectors (`../shared/vectors` beside the repository).
public enum VectorFiles {
    /// The repository root, found from this source file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/SluiceTestSupport/VectorFiles.swift
        return url
    }()

    /// `shared/vectors`: `SLUICE_VECTORS` when set, else `../shared/vectors` next to the repository.
    public static var vectorsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["SLUICE_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    /// A file below `vectorsDirectory`.
    public static func url(_ relativePath: String) -> URL {
        vectorsDirectory.appendingPathComponent(relativePath)
    }

    /// The bytes of a vector file.
    public static func loadBytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }
}
