import SluiceConfig
import SluiceCore

/// `input { syslog { port => 5514 } }`: RFC 3164 lines over TCP and UDP on one port
/// (logstash-input-syslog 3.7 options and defaults).
func syslogInputSpec(onListening: (@Sendable (Int) -> Void)? = nil) -> PluginSpec {
    PluginSpec.input(
        "syslog", summary: "receive RFC 3164 syslog lines over TCP and UDP on one port, parsed into fields",
        options: [
            OptionSpec("port", .number, default: .integer(514), doc: "the TCP and UDP port (below 1024 needs privileges)"),
            OptionSpec("host", .string, default: .string("0.0.0.0"), doc: "address to listen on"),
            OptionSpec("codec", .codec, default: .codec(CodecSetting(name: "plain")), doc: "plain (a line over TCP, a datagram over UDP)"),
            OptionSpec("use_labels", .boolean, default: .boolean(true), doc: "add the facility and severity names"),
            OptionSpec(
                "facility_labels", .array(of: .string),
                default: .array(SyslogInputOptions.defaultFacilityLabels.map { .string($0) }), doc: "facility names by number"),
            OptionSpec(
                "severity_labels", .array(of: .string),
                default: .array(SyslogInputOptions.defaultSeverityLabels.map { .string($0) }), doc: "severity names by number"),
            OptionSpec("timezone", .string, doc: "the zone of timestamps that carry none (default: the system's)"),
            OptionSpec("locale", .string, doc: "month names' language (English is read whatever it says)"),
            OptionSpec("syslog_field", .fieldReference, default: .string("message"), doc: "the field holding the line"),
            OptionSpec("grok_pattern", .string, doc: "not built: Sluice reads RFC 3164 with a byte parser (setting it is refused)"),
            OptionSpec("proxy_protocol", .boolean, default: .boolean(false), doc: "PROXY protocol v1 headers (not built yet: true is refused)"),
        ],
        decode: SyslogInputOptions.init
    ) { options, _ in SyslogInput(options: options, onListening: onListening) }
}

/// The syslog input's options, decoded.
public struct SyslogInputOptions: Sendable {
    static let defaultFacilityLabels = [
        "kernel", "user-level", "mail", "system", "security/authorization", "syslogd", "line printer", "network news", "UUCP", "clock",
        "security/authorization", "FTP", "NTP", "log audit", "log alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7",
    ]
    static let defaultSeverityLabels = ["Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"]

    let address: ListenAddress
    let ecs: Bool
    let relay: SyslogRelay
    let decoration: InputDecoration

    init(_ reader: inout OptionReader) throws {
        address = ListenAddress(&reader)
        ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        if reader.isSet("grok_pattern") {
            reader.problem("grok_pattern", "grok_pattern is not built: Sluice reads RFC 3164 lines with its own parser", hint: "use a grok filter after the input")
        }
        if reader.bool("proxy_protocol") { reader.problem("proxy_protocol", "the PROXY protocol is not built yet", hint: "remove proxy_protocol") }
        if reader.inputCodecName() != "plain" {
            reader.problem("codec", "the syslog input reads with codec plain only", hint: "remove codec")
        }
        var zone = DateZone.system
        if let name = reader.optionalString("timezone") {
            if let named = DateZone(name: name) { zone = named } else { reader.problem("timezone", "unknown time zone \"\(name)\"", hint: "an IANA name such as Europe/Paris") }
        }
        let matchers = ["MMM dd HH:mm:ss", "MMM  d HH:mm:ss", "MMM d HH:mm:ss", "ISO8601"].compactMap { try? DateMatcher($0, names: .english) }
        relay = SyslogRelay(
            ecs: ecs, field: reader.fieldPath("syslog_field") ?? (try! FieldPath(parsing: "message")), useLabels: reader.bool("use_labels"),
            facilityLabels: reader.strings("facility_labels"), severityLabels: reader.strings("severity_labels"), zone: zone, matchers: matchers)
        decoration = InputDecoration(&reader)
        try reader.finish()
    }
}

extension SyslogInputOptions: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.address == rhs.address && lhs.ecs == rhs.ecs && lhs.decoration == rhs.decoration && lhs.relay.useLabels == rhs.relay.useLabels
            && lhs.relay.facilityLabels == rhs.relay.facilityLabels && lhs.relay.severityLabels == rhs.relay.severityLabels
            && lhs.relay.zone == rhs.relay.zone && lhs.relay.field == rhs.relay.field
    }
}
