public import SluiceConfig

/// The explicit catalogue of the plugins Sluice ships, by Logstash `config_name`.
///
/// Every plugin is listed here and nowhere else: no runtime discovery, so grep finds them all.
/// A spec without a builder is known to `sluice check` but not runnable in this build yet.
public enum BuiltinPlugins {
    public static let specs: [PluginSpec] = [
        beatsInputSpec.building(.input { try BeatsInput(stage: $0) }),
        fileInputSpec.building(.input { try FileInput(stage: $0) }),
        generatorInputSpec.building(.input { try GeneratorInput(stage: $0) }),
        stdinInputSpec.building(.input { try StdinInput(stage: $0) }),
        dateFilterSpec.building(.filter { try DateFilter(stage: $0) }),
        dropFilterSpec.building(.filter { DropFilter(stage: $0) }),
        jsonFilterSpec.building(.filter { try JSONFilter(stage: $0) }),
        mutateFilterSpec.building(.filter { try MutateFilter(stage: $0) }),
        elasticsearchOutputSpec.building(.output { try ElasticsearchOutput(stage: $0) }),
        fileOutputSpec.building(.output { try FileOutput(stage: $0) }),
        nullOutputSpec,
        stdoutOutputSpec.building(.output { try StdoutOutput(stage: $0) }),
    ]

    /// The codecs inputs and outputs may name.
    public static let codecs = ["dots", "json", "json_lines", "line", "plain", "rubydebug"]

    /// What `sluice check` checks configs against, and the runtime builds stages from.
    public static let catalog = PluginCatalog(specs, codecs: codecs)
}
