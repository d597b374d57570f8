import SluiceConfig
import SluiceCore
import SluiceParsers
import SluiceRegex

/// The grok filter's options, decoded: every expression expanded with the pattern set and users'
/// definitions, and compiled once by the engine here so that `sluice check` reports what does not.
public struct GrokFilterOptions: Sendable, Hashable {
    struct Match: Sendable, Hashable {
        let source: FieldPath
        let expressions: [GrokExpression]
    }

    let matches: [Match]
    let breakOnMatch: Bool
    let keepEmptyCaptures: Bool
    let overwrite: Set<String>
    let tagOnFailure: [String]
    let tagOnTimeout: String
    /// Oniguruma's retry limit per search: what stands in for `timeout_millis` (0: the engine's default).
    let retryLimit: UInt
    let common: CommonFilterOptions

    /// Backtracking steps allowed per millisecond of `timeout_millis`. Oniguruma takes some 10^8
    /// steps a second here, so the limit stops a runaway match well before the time it stands for
    /// (30 s: 30 million steps, a few tenths of a second), with no timer or thread per match.
    static let stepsPerMillisecond: UInt = 1_000

    init(_ reader: inout OptionReader) throws {
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        var definitions = GrokPatternSet.builtIn(ecs: ecs)
        let glob = reader.string("patterns_files_glob")
        for directory in reader.strings("patterns_dir") {
            definitions.merge(GrokPatternSet.userFiles(directory, glob: glob, reader: &reader)) { _, new in new }
        }
        for entry in reader.hash("pattern_definitions") {
            guard let text = entry.value.stringValue else {
                reader.problem("pattern_definitions", "the definition of \(entry.key) is not a string")
                continue
            }
            definitions[entry.key] = String(text.hasSuffix("\n") ? text.dropLast() : text[...])
        }
        var target: FieldPath?
        if let text = reader.optionalString("target") {
            target = reader.fieldPath(text.hasPrefix("[") ? text : "[\(text)]", setting: "target")
        }
        let namedCapturesOnly = reader.bool("named_captures_only")
        var matches: [Match] = []
        for entry in reader.hash("match") {
            guard let source = reader.fieldPath(entry.key, setting: "match") else { continue }
            let patterns: [String]
            switch entry.value {
            case .string(let text): patterns = [text]
            case .array(let list): patterns = list.compactMap(\.stringValue)
            default:
                reader.problem("match", "the patterns of \(entry.key) must be a string or a list of strings")
                continue
            }
            var expressions: [GrokExpression] = []
            for pattern in patterns {
                do {
                    let expression = try GrokExpression(pattern, definitions: definitions, namedCapturesOnly: namedCapturesOnly, target: target)
                    do {
                        _ = try OnigurumaRegex(expression.regex)
                    } catch {
                        reader.problem("match", "the grok pattern \"\(pattern)\" does not compile: \(error)")
                        continue
                    }
                    expressions.append(expression)
                } catch {
                    reader.problem("match", "grok pattern \"\(pattern)\": \(error.description)", hint: error.hint)
                }
            }
            matches.append(Match(source: source, expressions: expressions))
        }
        self.matches = matches
        breakOnMatch = reader.bool("break_on_match")
        keepEmptyCaptures = reader.bool("keep_empty_captures")
        overwrite = Set(reader.strings("overwrite"))
        tagOnFailure = reader.strings("tag_on_failure")
        tagOnTimeout = reader.string("tag_on_timeout")
        let timeout = reader.integer("timeout_millis")
        if timeout < 0 { reader.problem("timeout_millis", "timeout_millis cannot be negative") }
        retryLimit = timeout > 0 ? UInt(timeout) * GrokFilterOptions.stepsPerMillisecond : 0
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
