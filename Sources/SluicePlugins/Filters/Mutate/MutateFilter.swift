public import SluiceConfig
public import SluiceCore

/// `filter { mutate { ... } }`, with Logstash's order of operations: coerce, rename, update,
/// replace, convert, gsub, uppercase, capitalize, lowercase, strip, split, join, merge, copy; then
/// the common options. A failed operation tags the event (`tag_on_failure`) and skips the rest.
public struct MutateFilter: Filter {
    let operations: [MutateOperation]
    let common: CommonFilterOptions
    let failureTag: String
    /// The gsub patterns, compiled for this instance (each compiled once already when decoded).
    let regexes: [String: Regex<AnyRegexOutput>]

    public init(options: MutateFilterOptions) {
        operations = options.operations
        common = options.common
        failureTag = options.failureTag
        var regexes: [String: Regex<AnyRegexOutput>] = [:]
        for case .gsub(_, let pattern, _) in options.operations {
            guard let regex = try? Regex(pattern) else { preconditionFailure("gsub pattern /\(pattern)/ compiled when decoded") }
            regexes[pattern] = regex
        }
        self.regexes = regexes
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            do {
                for operation in operations { try operation.apply(to: &events[i], regexes: regexes) }
                common.apply(to: &events[i])
            } catch {
                events[i].tag(failureTag)
            }
        }
    }
}
