/// What `sluice test` replaces, as logstash-filter-verifier does (../shared/SPEC/lfv-format.md §1,
/// §8 rule 13): every input and output. Events enter through the input a daemon-mode suite names
/// with `input_plugin`, which keeps its codec, `type`, `tags` and `add_field`; outputs keep their
/// ids and conditionals. So only those are checked as errors; anything else that would stop a
/// replaced plugin from running is a warning.
public struct TestHarness: Sendable {
    /// The settings of a selected input that the test uses.
    public static let inputSettings: Set<String> = ["id", "codec", "type", "tags", "add_field"]

    /// The ids of inputs that test files select with `input_plugin`.
    public var selectedInputs: Set<String>
    /// Checks a selected input's used settings (an input plugin with the common options only).
    public var inputSpec: PluginSpec

    public init(selectedInputs: Set<String>, inputSpec: PluginSpec) {
        self.selectedInputs = selectedInputs
        self.inputSpec = inputSpec
    }
}
