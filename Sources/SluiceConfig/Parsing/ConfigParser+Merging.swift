extension ConfigParser {
    /// Settings written more than once in one plugin block, merged as Logstash does
    /// (`Plugin#map_expr_attributes`, ../shared/SPEC/logstash.md §1.3): maps merge (a key in both
    /// becomes a list), lists append, scalars become a list (an identical repeat is kept once).
    /// A second `codec` in an input or output is an error.
    mutating func mergedSettings(of node: PluginNode) -> PluginNode {
        var merged: [Setting] = []
        var positions: [String: Int] = [:]
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
            guard let index = positions[setting.name] else {
                positions[setting.name] = merged.count
                merged.append(setting)
                continue
            }
            ConfigParser.merge(setting.value, into: &merged[index].value)
        }
        var result = node
        result.settings = merged
        return result
    }

    /// Merges a repeated setting's value into the first one, in place (a list grows without copies).
    static func merge(_ new: ConfigValue, into existing: inout ConfigValue) {
        switch (existing.kind, new.kind) {
        case (.hash(var entries), .hash(let added)):
            existing.kind = .bareword("")
            for entry in added {
                if let i = entries.firstIndex(where: { $0.key.kind == entry.key.kind }) {
                    entries[i].value = combine(entries[i].value, entry.value)
                } else {
                    entries.append(entry)
                }
            }
            existing.kind = .hash(entries)
        case (.array(var list), _):
            existing.kind = .bareword("")  // keeps `list` uniquely referenced while it grows
            if case .array(let added) = new.kind { list += added } else { list.append(new) }
            existing.kind = .array(list)
        default:
            if existing.kind == new.kind { return }
            if case .array(let added) = new.kind {
                existing = ConfigValue(.array([existing] + added), at: existing.location)
            } else {
                existing = ConfigValue(.array([existing, new]), at: existing.location)
            }
        }
    }

    /// Two values of the same hash key: a list of both (appending to an existing list).
    static func combine(_ old: ConfigValue, _ new: ConfigValue) -> ConfigValue {
        if case .array(let list) = old.kind { return ConfigValue(.array(list + [new]), at: old.location) }
        return ConfigValue(.array([old, new]), at: old.location)
    }
}
