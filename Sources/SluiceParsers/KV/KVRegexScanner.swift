public import SluiceCore
public import SluiceRegex

/// kv's scan as Logstash runs it (logstash-filter-kv 4.x `register`): one regex made of the
/// settings, applied with Ruby's `String#scan`. Group 1 is the key; the first group after it that
/// took part is the value. Used when a `*_pattern` is set, when the splitters are beyond what
/// `KVByteScanner` handles, and for texts with a backslash.
public struct KVRegexPlan: Sendable, Hashable {
    /// The scan regex (Ruby syntax, `.` not matching a newline).
    public let source: String
    /// The value split alone (lenient spaces included), for `has_value_splitter?`.
    public let valueSplitSource: String

    public init(
        fieldSplit: String, valueSplit: String, fieldSplitPattern: String?, valueSplitPattern: String?, lenient: Bool,
        includeBrackets: Bool
    ) {
        let fieldSplitRegex = "(?:\(fieldSplitPattern ?? "[\(fieldSplit)]"))"
        var valueSplitRegex = "(?:\(valueSplitPattern ?? "[\(valueSplit)]"))"
        if lenient { valueSplitRegex = "(?: *\(valueSplitRegex) *)" }
        let byPattern = fieldSplitPattern != nil || valueSplitPattern != nil
        let key = byPattern ? Self.until(pattern: "\(valueSplitRegex)|\(fieldSplitRegex)") : Self.until(characters: valueSplit + fieldSplit)
        var values = [Self.quoted("\"", "\""), Self.quoted("'", "'")]
        if includeBrackets { values += [Self.quoted("(", ")"), Self.quoted("[", "]"), Self.quoted("<", ">")] }
        values.append(fieldSplitPattern != nil ? Self.until(pattern: fieldSplitRegex) : Self.until(characters: fieldSplit))
        source = "\(key)\(valueSplitRegex)(?:\(values.joined(separator: "|")))?(?:\(fieldSplitRegex)|$)"
        valueSplitSource = valueSplitRegex
    }

    /// A capture of escaped characters or characters not starting `pattern`.
    private static func until(pattern: String) -> String { "((?:\\\\.|(?!\(pattern)).)+)" }

    /// A capture of escaped characters or characters outside the class `characters`.
    private static func until(characters: String) -> String { "((?:\\\\.|[^\(characters)])+)" }

    /// `open`, an optional capture up to `close`, `close`.
    private static func quoted(_ open: String, _ close: String) -> String {
        "\(quote(open))(?:\(until(characters: quote(close))))?\(quote(close))"
    }

    /// Ruby's `Regexp.quote` for the one characters these quotes use.
    private static func quote(_ character: String) -> String { "()[]".contains(character) ? "\\" + character : character }
}

/// A `KVRegexPlan` compiled for one worker.
public final class KVRegexScanner {
    private let regex: OnigurumaRegex
    private let groups: Int

    public init(_ plan: KVRegexPlan, retryLimit: UInt) throws(OnigurumaRegex.CompileError) {
        regex = try OnigurumaRegex(plan.source, retryLimit: retryLimit, dotMatchesNewline: false)
        groups = regex.groupCount
    }

    /// Appends the pairs of `text` to `pairs`; false when a search ran past its step limit.
    public func scan(_ text: UnsafeRawBufferPointer, into pairs: inout [KVPair]) -> Bool {
        var position = 0
        while position < text.count {
            switch regex.search(text, from: position) {
            case .matched:
                guard let whole = regex.range(of: 0), let key = regex.range(of: 1) else { return true }
                var value: Range<Int>?
                var group = 2
                while value == nil && group <= groups {
                    value = regex.range(of: group)
                    group += 1
                }
                pairs.append(KVPair(key: key, value: value))
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            case .noMatch, .failed:
                return true
            case .limitExceeded:
                return false
            }
        }
        return true
    }
}
