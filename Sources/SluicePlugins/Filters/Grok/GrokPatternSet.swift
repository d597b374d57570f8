import Foundation
import SluiceConfig

/// Grok pattern definitions: the built-in sets (`legacy`, `ecs-v1`, one data file per topic under
/// `patterns/`, built into the binary), and users' pattern files, in jls-grok's format (`NAME REGEX` per line, `#` comments).
enum GrokPatternSet {
    /// The built-in definitions of a set (`legacy` for `ecs_compatibility => disabled`, else `ecs-v1`).
    static func builtIn(ecs: Bool) -> [String: String] { ecs ? ecsV1 : legacy }

    static let legacy: [String: String] = load("legacy")
    static let ecsV1: [String: String] = load("ecs-v1")

    /// The files of a built-in set, by name: the data files under `patterns/`, built into the
    /// binary (`GrokBuiltinPatterns`, made by scripts/embed-grok-patterns.py).
    static func files(_ set: String) -> [String: [String: String]] {
        var files: [String: [String: String]] = [:]
        for (name, text) in GrokBuiltinPatterns.files[set] ?? [:] {
            var definitions: [String: String] = [:]
            parse(text, into: &definitions)
            files[name] = definitions
        }
        return files
    }

    static func load(_ set: String) -> [String: String] {
        var all: [String: String] = [:]
        for (_, definitions) in files(set).sorted(by: { $0.key < $1.key }) { all.merge(definitions) { _, new in new } }
        return all
    }

    /// `NAME<whitespace>REGEX` lines; blank lines, comments and names without a regex are skipped;
    /// a later definition replaces an earlier one.
    static func parse(_ text: String, into definitions: inout [String: String]) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { continue }
            let name = String(trimmed[..<space])
            var regex = trimmed[space...].drop { $0 == " " || $0 == "\t" }
            if regex.hasSuffix("\r") { regex = regex.dropLast() }
            if regex.isEmpty { continue }
            definitions[name] = String(regex)
        }
    }

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
