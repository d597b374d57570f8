/// The names of a built-in grok pattern set (for listings and tests).
public enum GrokPatternNames {
    public static func names(_ set: String) -> [String] {
        (set == "legacy" ? GrokPatternSet.legacy : GrokPatternSet.ecsV1).keys.sorted()
    }
}

/// The built-in pattern files as the binary carries them (for the test that they match the data files).
public enum GrokPatternFiles {
    public static func names(_ set: String) -> [String] { (GrokBuiltinPatterns.files[set] ?? [:]).keys.sorted() }
    public static func text(_ set: String, _ name: String) -> String? { GrokBuiltinPatterns.files[set]?[name] }
}
