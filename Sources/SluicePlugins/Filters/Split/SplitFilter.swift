public import SluiceCore

/// `filter { split { ... } }`: an event whose `field` is a list, or a text with more than one
/// piece, is replaced by one copy per non-empty element, each with that element in `target` (or
/// `field`) and the common options applied. The copies take the original's place in its batch, so
/// the batch is acknowledged when they are written. A text with one piece passes unchanged; a
/// field that is neither text nor list is tagged `_split_type_failure`.
public struct SplitFilter: Filter {
    static let failureTag = "_split_type_failure"
    let options: SplitFilterOptions

    public init(options: SplitFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        var out: [Event] = []
        out.reserveCapacity(events.count)
        var failures = 0
        var example = ""
        for var event in events {
            let pieces: [Value]
            switch event[options.field] {
            case .array(let list)?:
                pieces = list
            case .string(let text)?:
                let texts = options.terminator.pieces(of: text)
                if texts.count == 1 {
                    out.append(event)
                    continue
                }
                pieces = texts.map { .string($0) }
            default:
                if failures == 0 { example = Self.kind(of: event[options.field]) }
                failures += 1
                event.tag(Self.failureTag)
                out.append(event)
                continue
            }
            let target = options.target ?? options.field
            for piece in pieces {
                switch piece {
                case .null, .string(""): continue
                default: break
                }
                var copy = event
                try? copy.set(target, to: piece)
                options.common.apply(to: &copy)
                out.append(copy)
            }
        }
        events = out
        if failures > 0 {
            context.log.warning(
                "split: only a text or a list can be split; events tagged \(Self.failureTag)",
                ["stage": context.stageID, "field": options.field.text, "count": "\(failures)", "first": example])
        }
    }

    private static func kind(of value: Value?) -> String {
        switch value {
        case nil, .null?: "missing"
        case .object?: "an object"
        case .bool?: "a boolean"
        case .timestamp?: "a timestamp"
        default: "a number"
        }
    }
}
