public import SluiceCore

/// `filter { clone { ... } }`: after each event, one copy per name in `clones`, in that order. A
/// copy gets the name as a tag (ECS) or as its `type` (`ecs_compatibility => disabled`), and the
/// common options; the original is left as it was. The copies belong to the original's batch, so
/// the batch is acknowledged when they are written too.
public struct CloneFilter: Filter {
    let options: CloneFilterOptions

    public init(options: CloneFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        guard !options.clones.isEmpty else { return }
        var out: [Event] = []
        out.reserveCapacity(events.count * (1 + options.clones.count))
        for event in events {
            out.append(event)
            for name in options.clones {
                var copy = event
                if options.tagsCopies {
                    copy.tag(name)
                } else {
                    try? copy.setField("type", to: .string(name))
                }
                options.common.apply(to: &copy)
                out.append(copy)
            }
        }
        events = out
    }
}
