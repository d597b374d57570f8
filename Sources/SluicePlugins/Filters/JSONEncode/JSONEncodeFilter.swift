public import SluiceCore

/// `filter { json_encode { ... } }`: the source's value written as compact JSON text at `target`
/// (the source when none), then the common options; a missing source changes nothing.
public struct JSONEncodeFilter: Filter {
    let options: JSONEncodeFilterOptions

    public init(options: JSONEncodeFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            guard let value = events[i][options.source] else { continue }
            try? events[i].set(options.target ?? options.source, to: .string(JSONWriter.string(value)))
            options.common.apply(to: &events[i])
        }
    }
}
