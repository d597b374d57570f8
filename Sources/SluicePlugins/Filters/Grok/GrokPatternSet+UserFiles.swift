import Foundation
import SluiceConfig
import SluiceParsers

extension GrokPatternSet {
    /// The pattern files a `patterns_dir` entry names with `patterns_files_glob` (a directory of
    /// files, or a file), in name order; a missing or unreadable one is a problem at `patterns_dir`.
    static func userFiles(_ directory: String, glob: String, reader: inout OptionReader) -> [String: String] {
        var definitions: [String: String] = [:]
        let absolute = FileAccess.absolute(directory, in: reader.context.workingDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            reader.problem("patterns_dir", "patterns_dir \(directory) does not exist")
            return definitions
        }
        let paths: [String]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
            let matcher = try? NSRegularExpression(pattern: "^" + NSRegularExpression.escapedPattern(for: glob)
                .replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".") + "$")
            paths = names.sorted().filter { name in
                matcher?.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
            }.map { "\(absolute)/\($0)" }.filter { path in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
            }
        } else {
            paths = [absolute]
        }
        for path in paths {
            switch FileAccess.readText(path) {
            case .success(let text): parse(text, into: &definitions)
            case .failure(let error): reader.problem("patterns_dir", "cannot read \(error)")
            }
        }
        return definitions
    }
}
