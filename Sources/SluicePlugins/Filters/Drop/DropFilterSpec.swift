import SluiceConfig

/// `filter { drop { } }`: drop the event.
let dropFilterSpec = PluginSpec.filter(
    "drop", summary: "drop events (usually inside a conditional)",
    options: [
        OptionSpec("percentage", .number, default: .integer(100), doc: "drop only this percentage of events (0-100)")
    ],
    decode: DropFilterOptions.init, make: DropFilter.init(options:))

/// The drop filter's options, decoded. (Its common options never apply: a dropped event is gone.)
public struct DropFilterOptions: Sendable, Hashable {
    let percentage: Double

    init(_ reader: inout OptionReader) throws {
        percentage = reader.double("percentage")
        if !(0...100).contains(percentage) {
            reader.problem("percentage", "percentage \(percentage) is not between 0 and 100", hint: "percentage => 40 drops about 40% of events")
        }
        try reader.finish()
    }
}
