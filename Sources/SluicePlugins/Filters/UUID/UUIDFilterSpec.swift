import SluiceConfig
import SluiceCore

/// `filter { uuid { target => "[@metadata][id]" } }`: a random UUID per event (logstash-filter-uuid 3.0).
let uuidFilterSpec = PluginSpec.filter(
    "uuid", summary: "set a field to a random UUID (version 4, lowercase)",
    options: [
        OptionSpec("target", .fieldReference, required: true, doc: "the field to set"),
        OptionSpec("overwrite", .boolean, default: .boolean(false), doc: "replace a value already there"),
    ],
    decode: UUIDFilterOptions.init, make: UUIDFilter.init(options:))

/// The uuid filter's options, decoded.
public struct UUIDFilterOptions: Sendable, Hashable {
    let target: FieldPath
    let overwrite: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let target = reader.fieldPath("target")
        overwrite = reader.bool("overwrite")
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.target = target!
    }
}
