extension ConfigParser {
    /// Settings written more than once in one plugin block, merged as Logstash does
    /// (`Plugin#map_expr_attributes`, ../shared/SPEC/logstash.md §1.3): maps merge (a key in both
    /// becomes a list), lists append, scalars become a list (an identical repeat is kept once).
    /// A second `codec` in an input or output is an error.
    mutating func mergedSettings(of node: PluginNode) -> PluginNode {
        var merged: [Setting] = []
        var codecCount = 0
        for setting in node.settings {
            if setting.name == "codec" {
                codecCount += 1
                if codecCount == 2 {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: setting.location,
                            "plugin \"\(node.name)\" at line \(node.location.line) has more than one `codec` setting",
                            hint: "only one top-level codec per plugin is allowed; remove one"))
                }
                if codecCount > 1 { continue }
            }
            guard let index = merged.firstIndex(where: { $0.name == setting.name }) else {
                merged.append(setting)
                continue
            }
            merged[index].value = ConfigParser.merge(merged[index].value, setting.value)
        }
        var result = node
        result.settings = merged
        return result
    }

    static func merge(_ existing: ConfigValue, _ new: ConfigValue) -> ConfigValue {
        switch (existing.kind, new.kind) {
        case (.hash(let old), .hash(let added)):
            var entries = old
            for entry in added {
                if let i = entries.firstIndex(where: { $0.key.kind == entry.key.kind }) {
                    entries[i].value = combine(entries[i].value, entry.value)
                } else {
                    entries.append(entry)
                }
            }
            return ConfigValue(.hash(entries), at: existing.location)
        case (.array(let old), .array(let added)):
            return ConfigValue(.array(old + added), at: existing.location)
        case (.array(let old), _):
            return ConfigValue(.array(old + [new]), at: existing.location)
        default:
            if existing.kind == new.kind { return existing }
            if case .array(let added) = new.kind {
                return ConfigValue(.array([existing] + added), at: existing.location)
            }
            return ConfigValue(.array([existing, new]), at: existing.location)
        }
    }

    /// Two values of the same hash key: a list of both (appending to an existing list).
    static func combine(_ old: ConfigValue, _ new: ConfigValue) -> ConfigValue {
        if case .array(let list) = old.kind { return ConfigValue(.array(list + [new]), at: old.location) }
        return ConfigValue(.array([old, new]), at: old.location)
    }
}
