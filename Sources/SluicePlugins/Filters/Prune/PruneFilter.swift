public import SluiceCore
import SluiceRegex

/// `filter { prune { ... } }`: removes top-level fields (`@timestamp` among them, `@metadata`
/// never), as logstash-filter-prune: a field stays only if its name matches one of
/// `whitelist_names` (when given) and none of `blacklist_names`; a field named in
/// `whitelist_values` stays only if its value matches (of a list, only the matching elements
/// stay), one named in `blacklist_values` goes if it matches (of a list, the matching elements
/// go). A regex matches anywhere in the text. Every decision is taken on the event as it came,
/// then applied, so a `%{field}` in a rule sees the field even when another rule removes it.
///
/// Better than Logstash: a number or timestamp is matched as its text (Logstash raises), and a
/// regex made by `interpolate` that does not compile removes nothing (Logstash raises).
public struct PruneFilter: Filter {
    let options: PruneFilterOptions
    /// Compiled regexes by their text (`nil`: does not compile); bounded, for `interpolate`.
    private var regexes: [String: OnigurumaRegex?] = [:]
    private var uncompiled = 0

    public init(options: PruneFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        uncompiled = 0
        for i in events.indices {
            prune(&events[i])
            options.common.apply(to: &events[i])
        }
        if uncompiled > 0 {
            context.log.warning(
                "prune: an interpolated regular expression does not compile; it removed nothing",
                ["stage": context.stageID, "count": "\(uncompiled)"])
        }
    }

    mutating func prune(_ event: inout Event) {
        var names = event.fields.keys
        if event.timestamp != nil { names.insert("@timestamp", at: 0) }
        var removed = Set<String>()
        var kept: [(name: String, elements: [Value])] = []

        if !options.whitelistNames.isEmpty {
            let patterns = options.whitelistNames.map { regex($0.text(for: event)) }
            // A pattern that does not compile keeps every field.
            for name in names where !patterns.contains(where: { $0 == nil || $0!.matches(name) }) {
                removed.insert(name)
            }
        }
        if !options.blacklistNames.isEmpty {
            let patterns = options.blacklistNames.compactMap { regex($0.text(for: event)) }
            for name in names where patterns.contains(where: { $0.matches(name) }) {
                removed.insert(name)
            }
        }
        for (rules, keepsMatches) in [(options.whitelistValues, true), (options.blacklistValues, false)] {
            for rule in rules {
                let name = rule.name.text(for: event)
                guard let pattern = regex(rule.pattern.text(for: event)), let value = Self.value(of: name, in: event) else { continue }
                switch value {
                case .null, .bool(false), .object:
                    continue  // Ruby's `if hash[key]` skips nil and false; an object has no text
                case .array(let elements):
                    let stay = elements.filter { pattern.matches(Template.text(of: $0)) == keepsMatches }
                    if stay.isEmpty && !elements.isEmpty {
                        removed.insert(name)
                    } else if stay.count != elements.count {
                        kept.append((name, stay))
                    }
                default:
                    if pattern.matches(Template.text(of: value)) != keepsMatches { removed.insert(name) }
                }
            }
        }

        guard !removed.isEmpty || !kept.isEmpty else { return }
        for (name, elements) in kept where !removed.contains(name) {
            try? event.setField(name, to: .array(elements))
        }
        if removed.remove("@timestamp") != nil { event.timestamp = nil }
        for name in removed { event.fields.removeValue(forKey: name) }
    }

    private static func value(of name: String, in event: Event) -> Value? {
        if name == "@timestamp" { return event.timestamp.map(Value.timestamp) }
        return event.field(name)
    }

    /// `text` compiled once (Ruby syntax, `.` not matching a newline), or `nil` when it does not
    /// compile.
    private mutating func regex(_ text: String) -> OnigurumaRegex? {
        if let known = regexes[text] {
            if known == nil { uncompiled += 1 }
            return known
        }
        if regexes.count >= 1024 { regexes.removeAll(keepingCapacity: true) }
        let compiled = try? OnigurumaRegex(text, dotMatchesNewline: false)
        if compiled == nil { uncompiled += 1 }
        regexes[text] = .some(compiled)
        return compiled
    }
}
