import Foundation

/// Small MaxMind DB files (GeoLite2-City, -ASN and -Country layouts) written once per process by
/// `scripts/make-test-geoip-databases.pl` with Debian's MaxMind DB writer, so the geoip tests and
/// benchmark need no proprietary database. `directory` is `nil` (with `problem` saying why) when
/// they could not be made.
public enum TestGeoIPDatabases {
    public static let built: Result<String, TestCertificates.Failure> = {
        let directory = NSTemporaryDirectory() + "sluice-geoip-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["perl", VectorFiles.repositoryRoot.appendingPathComponent("scripts/make-test-geoip-databases.pl").path, directory]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                return .failure(.init(description: "make-test-geoip-databases.pl failed (apt-get install libmaxmind-db-writer-perl): \(text)"))
            }
            return .success(directory)
        } catch {
            return .failure(.init(description: "make-test-geoip-databases.pl could not run: \(error)"))
        }
    }()
}
