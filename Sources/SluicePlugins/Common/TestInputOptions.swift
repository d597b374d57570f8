public import SluiceConfig

/// What `sluice test` keeps of an input it replaces: its codec and decoration (`type`, `tags`,
/// `add_field`), checked as the input itself would check them.
public struct TestInputOptions: Sendable, Hashable {
    public let codecName: String
    public let decoration: InputDecoration

    init(_ reader: inout OptionReader) throws {
        codecName = reader.inputCodecName()
        decoration = InputDecoration(&reader)
        try reader.finish()
    }

    /// The spec `sluice test` checks a selected input's used settings with.
    public static let spec = PluginSpec.input(
        "test input", summary: "an input as sluice test replaces it", options: [], decode: TestInputOptions.init
    ) { _, _ in throw TestInputReplaced() }

    struct TestInputReplaced: Error, CustomStringConvertible {
        var description: String { "this input is replaced by sluice test and never runs" }
    }
}
