public import SluiceConfig
public import SluiceCore

/// `filter { mutate { ... } }`, with Logstash's order of operations: coerce, rename, update,
/// replace, convert, gsub, uppercase, capitalize, lowercase, strip, split, join, merge, copy; then
/// the common options. A failed operation tags the event (`tag_on_failure`) and skips the rest.
public struct MutateFilter: Filter {
    let operations: [MutateOperation]
    let common: CommonFilterOptions
    let failureTag: String

    public init(stage: CheckedStage) throws {
        let options = stage.options
        operations = try MutateOperation.compile(options)
        common = try CommonFilterOptions(options)
        failureTag = options.string("tag_on_failure") ?? "_mutate_error"
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            do {
                for operation in operations { try operation.apply(to: &events[i]) }
                common.apply(to: &events[i])
            } catch {
                events[i].tag(failureTag)
            }
        }
    }
}
