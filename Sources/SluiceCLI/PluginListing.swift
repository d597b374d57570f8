public import SluiceConfig
public import SluicePlugins
import Foundation

/// `sluice check --list-plugins`: every plugin with its options, types and defaults.
public enum PluginListing {
    public static func render(_ catalog: PluginCatalog = BuiltinPlugins.catalog) -> String {
        var lines: [String] = []
        for kind in SectionKind.allCases {
            lines.append("\(kind.rawValue)s:")
            for name in catalog.names(kind) {
                guard let spec = catalog.spec(kind, name) else { continue }
                lines.append("  \(name) — \(spec.summary)")
                for option in spec.allOptions {
                    if case .obsolete = option.status { continue }
                    var line = "    \(option.name) (\(option.type.name))"
                    if option.isRequired { line += " required" }
                    if let value = option.defaultValue { line += " default \(describe(value))" }
                    if case .deprecated = option.status { line += " [deprecated]" }
                    if !option.doc.isEmpty { line += ": \(option.doc)" }
                    lines.append(line)
                }
            }
        }
        lines.append("codecs: \(catalog.codecs.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    static func describe(_ value: OptionValue) -> String {
        switch value {
        case .string(let s): "\"\(s.replacingOccurrences(of: "\n", with: "\\n"))\""
        case .integer(let n): String(n)
        case .float(let d): String(d)
        case .boolean(let b): String(b)
        case .array(let list): "[" + list.map(describe).joined(separator: ", ") + "]"
        case .hash(let entries): "{" + entries.map { "\($0.key) => \(describe($0.value))" }.joined(separator: " ") + "}"
        case .codec(let codec): codec.name
        case .password: "<secret>"
        }
    }
}
