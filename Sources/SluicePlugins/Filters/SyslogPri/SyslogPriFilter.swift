public import SluiceCore

/// `filter { syslog_pri { } }` as Logstash: the priority (the first element of a list; a missing
/// field counts as 13, user-level notice) gives facility = priority / 8 and severity = priority % 8,
/// written as codes and, with `use_labels`, names; a facility with no name tags the event
/// `_syslogpriparsefailure` (the codes are still written).
public struct SyslogPriFilter: Filter {
    let options: SyslogPriFilterOptions

    public init(options: SyslogPriFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices { filter(&events[i]) }
    }

    func filter(_ event: inout Event) {
        var value = event[options.source]
        if case .array(let list)? = value { value = list.first }
        let priority: Int64
        switch value {
        case .int(let n)?: priority = n
        case .double(let d)?: priority = Int64(exactly: d.rounded(.towardZero)) ?? 13
        case .string(let s)?: priority = Int64(s.prefix { $0.isNumber || $0 == "-" }) ?? 0
        default: priority = 13
        }
        let facility = priority >> 3
        let severity = priority & 7
        try? event.set(options.facilityCode, to: .int(facility))
        try? event.set(options.severityCode, to: .int(severity))
        if options.useLabels {
            guard facility >= 0, facility < Int64(options.facilities.count), severity < Int64(options.severities.count) else {
                event.tag("_syslogpriparsefailure")
                return
            }
            try? event.set(options.facilityName, to: .string(options.facilities[Int(facility)]))
            try? event.set(options.severityName, to: .string(options.severities[Int(severity)]))
        }
        options.common.apply(to: &event)
    }
}
