import SluiceConfig
import SluiceCore

/// `filter { syslog_pri { } }`: a syslog priority into facility and severity (logstash-filter-syslog_pri 3.2).
let syslogPriFilterSpec = PluginSpec.filter(
    "syslog_pri", summary: "split a syslog priority into facility and severity, with their names",
    options: [
        OptionSpec(
            "syslog_pri_field_name", .fieldReference,
            doc: "the field holding the priority (default [log][syslog][priority]; syslog_pri with ecs_compatibility => disabled)"),
        OptionSpec("use_labels", .boolean, default: .boolean(true), doc: "also set the facility's and severity's names"),
        OptionSpec(
            "facility_labels", .array(of: .string), default: .array(SyslogPriFilterOptions.defaultFacilities.map(OptionValue.string)),
            doc: "facility names by code"),
        OptionSpec(
            "severity_labels", .array(of: .string), default: .array(SyslogPriFilterOptions.defaultSeverities.map(OptionValue.string)),
            doc: "severity names by code"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "field layout; the pipeline's (v8) by default"),
    ],
    decode: SyslogPriFilterOptions.init, make: SyslogPriFilter.init(options:))

/// The syslog_pri filter's options, decoded: where the priority is read and the results written.
public struct SyslogPriFilterOptions: Sendable, Hashable {
    static let defaultFacilities = [
        "kernel", "user-level", "mail", "daemon", "security/authorization", "syslogd", "line printer", "network news", "uucp",
        "clock", "security/authorization", "ftp", "ntp", "log audit", "log alert", "clock", "local0", "local1", "local2", "local3",
        "local4", "local5", "local6", "local7",
    ]
    static let defaultSeverities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"]

    let source: FieldPath
    let facilityCode: FieldPath
    let severityCode: FieldPath
    let facilityName: FieldPath
    let severityName: FieldPath
    let useLabels: Bool
    let facilities: [String]
    let severities: [String]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        func path(_ text: String) -> FieldPath {
            guard let path = try? FieldPath(parsing: text) else { preconditionFailure("\(text) is a field reference") }
            return path
        }
        source = reader.fieldPath("syslog_pri_field_name") ?? path(ecs ? "[log][syslog][priority]" : "syslog_pri")
        facilityCode = path(ecs ? "[log][syslog][facility][code]" : "syslog_facility_code")
        severityCode = path(ecs ? "[log][syslog][severity][code]" : "syslog_severity_code")
        facilityName = path(ecs ? "[log][syslog][facility][name]" : "syslog_facility")
        severityName = path(ecs ? "[log][syslog][severity][name]" : "syslog_severity")
        useLabels = reader.bool("use_labels")
        facilities = reader.strings("facility_labels")
        severities = reader.strings("severity_labels")
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
