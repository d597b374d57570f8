/// The names of a built-in grok pattern set (for listings and tests).
public enum GrokPatternNames {
    public static func names(_ set: String) -> [String] {
        (set == "legacy" ? GrokPatternSet.legacy : GrokPatternSet.ecsV1).keys.sorted()
    }
}
