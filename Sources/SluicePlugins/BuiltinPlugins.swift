public import SluiceConfig

/// The explicit catalogue of the plugins Sluice ships, by Logstash `config_name`.
///
/// Every plugin is listed here and nowhere else: no runtime discovery, so grep finds them all.
public enum BuiltinPlugins {
    public static let specs: [PluginSpec] = [
        beatsInputSpec, fileInputSpec, generatorInputSpec, stdinInputSpec,
        dateFilterSpec, dropFilterSpec, jsonFilterSpec, mutateFilterSpec,
        elasticsearchOutputSpec, fileOutputSpec, stdoutOutputSpec,
    ]

    /// The codecs inputs and outputs may name.
    public static let codecs = ["json", "json_lines", "line", "plain", "rubydebug"]

    /// What `sluice check` checks configs against.
    public static let catalog = PluginCatalog(specs, codecs: codecs)
}
