/// The plugins a checker knows, by kind and name.
public struct PluginCatalog: Sendable {
    private let specs: [SectionKind: [String: PluginSpec]]
    /// The codec names settings of type `codec` may use (empty: any).
    public let codecs: [String]

    public init(_ specs: [PluginSpec], codecs: [String] = []) {
        self.codecs = codecs.sorted()
        var byKind: [SectionKind: [String: PluginSpec]] = [:]
        for spec in specs { byKind[spec.kind, default: [:]][spec.name] = spec }
        self.specs = byKind
    }

    public func spec(_ kind: SectionKind, _ name: String) -> PluginSpec? { specs[kind]?[name] }

    /// The names of the plugins of a kind, sorted.
    public func names(_ kind: SectionKind) -> [String] { (specs[kind]?.keys).map { $0.sorted() } ?? [] }

    /// Every spec, by kind then name.
    public var all: [PluginSpec] {
        SectionKind.allCases.flatMap { kind in names(kind).compactMap { spec(kind, $0) } }
    }
}
