public import SluiceConfig

/// The explicit catalogue of the plugins Sluice ships, by Logstash `config_name`.
///
/// Every plugin is listed here and nowhere else: no runtime discovery, so grep finds them all.
/// Each spec decodes its plugin's typed options (`sluice check` and `sluice run` alike) and makes
/// its stages from them.
public enum BuiltinPlugins {
    public static let specs: [PluginSpec] = [
        beatsInputSpec(),
        fileInputSpec,
        generatorInputSpec,
        stdinInputSpec,
        httpInputSpec(),
        syslogInputSpec(),
        tcpInputSpec(),
        udpInputSpec(),
        cidrFilterSpec,
        cloneFilterSpec,
        csvFilterSpec,
        dateFilterSpec,
        deDotFilterSpec,
        dissectFilterSpec,
        dropFilterSpec,
        fingerprintFilterSpec,
        geoipFilterSpec,
        grokFilterSpec,
        jsonFilterSpec,
        jsonEncodeFilterSpec,
        kvFilterSpec,
        mutateFilterSpec,
        pruneFilterSpec,
        splitFilterSpec,
        syslogPriFilterSpec,
        translateFilterSpec,
        truncateFilterSpec,
        urlDecodeFilterSpec,
        uuidFilterSpec,
        xmlFilterSpec,
        elasticsearchOutputSpec,
        fileOutputSpec,
        nullOutputSpec,
        stdoutOutputSpec,
    ]

    /// The beats input with shorter timings and a hook told the bound port (tests, benchmarks).
    public static func beatsInput(
        keepAliveInterval: Duration = .seconds(5), windowDeadline: Duration = .seconds(30), onListening: (@Sendable (Int) -> Void)? = nil
    ) -> PluginSpec {
        beatsInputSpec(keepAliveInterval: keepAliveInterval, windowDeadline: windowDeadline, onListening: onListening)
    }

    /// The tcp input with a hook told the bound port (tests, benchmarks).
    public static func tcpInput(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
        tcpInputSpec(onListening: onListening)
    }

    /// The http input with a hook told the bound port (tests, benchmarks).
    public static func httpInput(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
        httpInputSpec(onListening: onListening)
    }

    /// The syslog input with a hook told the bound port (tests, benchmarks).
    public static func syslogInput(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
        syslogInputSpec(onListening: onListening)
    }

    /// The udp input with a hook told the bound port (tests, benchmarks).
    public static func udpInput(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
        udpInputSpec(onListening: onListening)
    }

    /// The codecs inputs and outputs may name.
    public static let codecs = ["dots", "json", "json_lines", "line", "plain", "rubydebug"]

    /// What `sluice check` checks configs against, and the runtime builds stages from.
    public static let catalog = PluginCatalog(specs, codecs: codecs)
}
