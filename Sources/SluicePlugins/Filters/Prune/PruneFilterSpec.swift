import SluiceConfig
import SluiceCore
import SluiceRegex

/// `filter { prune { whitelist_names => ["^host$", "^message$"] } }`: remove top-level fields by
/// name or value (logstash-filter-prune 3.0).
let pruneFilterSpec = PluginSpec.filter(
    "prune", summary: "remove top-level fields whose names or values match (or do not match) regular expressions",
    options: [
        OptionSpec("whitelist_names", .array(of: .string), default: .array([]), doc: "keep only the fields whose names match one of these (empty: all)"),
        OptionSpec("blacklist_names", .array(of: .string), default: .array([.string("%\\{[^}]+\\}")]), doc: "remove the fields whose names match one of these (default: names that are unresolved %{field} references)"),
        OptionSpec("whitelist_values", .hash, default: .hash([]), doc: "name => regex: keep the field only if its value matches (list values: only the matching elements)"),
        OptionSpec("blacklist_values", .hash, default: .hash([]), doc: "name => regex: remove the field if its value matches (list values: the matching elements)"),
        OptionSpec("interpolate", .boolean, default: .boolean(false), doc: "render %{field} references in the names and regexes for each event"),
    ],
    decode: PruneFilterOptions.init, make: PruneFilter.init(options:))

/// The prune filter's options, decoded. Without `interpolate` every regular expression is checked
/// here (a bad one is a config error at its setting); with it they are compiled for each rendered
/// text, and one that does not compile matches nothing.
public struct PruneFilterOptions: Sendable, Hashable {
    /// A name or regular expression: as written, or (with `interpolate`) rendered per event.
    enum Text: Sendable, Hashable {
        case literal(String)
        case template(Template)

        func text(for event: Event) -> String {
            switch self {
            case .literal(let text): text
            case .template(let template): template.render(event)
            }
        }
    }

    struct ValueRule: Sendable, Hashable {
        let name: Text
        let pattern: Text
    }

    let whitelistNames: [Text]
    let blacklistNames: [Text]
    let whitelistValues: [ValueRule]
    let blacklistValues: [ValueRule]
    let interpolate: Bool
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        interpolate = reader.bool("interpolate")
        let interpolate = self.interpolate
        func patterns(_ setting: String, _ texts: [String], reader: inout OptionReader) -> [Text] {
            texts.compactMap { text in
                if !interpolate {
                    _ = reader.attempt(setting, hint: "a Ruby regular expression, such as \"^host$\"") { try OnigurumaRegex(text, dotMatchesNewline: false) }
                    return .literal(text)
                }
                return reader.template(text, setting: setting).map(Text.template)
            }
        }
        func rules(_ setting: String, reader: inout OptionReader) -> [ValueRule] {
            reader.hash(setting).compactMap { entry in
                guard case .string(let text) = entry.value else {
                    reader.problem(setting, "the value for \"\(entry.key)\" must be a regular expression string")
                    return nil
                }
                guard let pattern = patterns(setting, [text], reader: &reader).first else { return nil }
                let name = interpolate ? reader.template(entry.key, setting: setting).map(Text.template) : .literal(entry.key)
                return name.map { ValueRule(name: $0, pattern: pattern) }
            }
        }
        whitelistNames = patterns("whitelist_names", reader.strings("whitelist_names"), reader: &reader)
        blacklistNames = patterns("blacklist_names", reader.strings("blacklist_names"), reader: &reader)
        whitelistValues = rules("whitelist_values", reader: &reader)
        blacklistValues = rules("blacklist_values", reader: &reader)
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }
}
