public import SluiceConfig
public import SluiceCore

/// `filter { drop { } }`: removes events from the batch (all of them, or `percentage` percent).
public struct DropFilter: Filter {
    let percentage: Double
    var generator = SystemRandomNumberGenerator()

    public init(options: DropFilterOptions) {
        percentage = options.percentage
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        if percentage >= 100 {
            events.removeAll()
            return
        }
        events.removeAll { _ in Double.random(in: 0..<100, using: &generator) < percentage }
    }
}
