
/// Grok pattern definitions: the built-in sets (`legacy`, `ecs-v1`, one data file per topic under
/// `patterns/`, built into the binary), and users' pattern files, in jls-grok's format (`NAME REGEX` per line, `#` comments).
public enum GrokPatternSet {
    /// The built-in definitions of a set (`legacy` for `ecs_compatibility => disabled`, else `ecs-v1`).
    public static func builtIn(ecs: Bool) -> [String: String] { ecs ? ecsV1 : legacy }

    public static let legacy: [String: String] = load("legacy")
    public static let ecsV1: [String: String] = load("ecs-v1")

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
    public static func parse(_ text: String, into definitions: inout [String: String]) {
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
}
