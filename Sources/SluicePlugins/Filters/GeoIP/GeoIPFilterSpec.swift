import SluiceConfig
import SluiceCore
import SluiceGeoIP

/// `filter { geoip { source => "[source][ip]" } }`: where an address is, from a MaxMind database
/// (logstash-filter-geoip 8).
let geoipFilterSpec = PluginSpec.filter(
    "geoip", summary: "add the location (or AS, ISP) of an IP address from a MaxMind database (.mmdb)",
    options: [
        OptionSpec("source", .fieldReference, required: true, doc: "the field holding the address (a list: its first element)"),
        OptionSpec("target", .string, doc: "where the data goes (ECS: from source, [client][ip] gives client; disabled: geoip)"),
        OptionSpec("database", .path, doc: "the .mmdb file (default: GeoLite2-<type>.mmdb or GeoIP2-<type>.mmdb in /usr/share/GeoIP or /var/lib/GeoIP, where geoipupdate writes)"),
        OptionSpec("default_database_type", .oneOf(["City", "ASN"]), default: .string("City"), doc: "which database to look for when none is given"),
        OptionSpec("fields", .array(of: .string), doc: "the fields to set (default: the database's usual set)"),
        OptionSpec("cache_size", .number, default: .integer(1000), doc: "addresses whose results each worker keeps"),
        OptionSpec("tag_on_failure", .array(of: .string), default: .array([.string("_geoip_lookup_failure")]), doc: "tags when the address is missing, not an address, or not in the database"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "ECS places (geo.*, as.*) or the legacy names"),
    ],
    decode: GeoIPFilterOptions.init, make: GeoIPFilter.init(options:))

/// The geoip filter's options, decoded: the database is opened here, once, and shared by the
/// stage's workers (a file that is missing or not a MaxMind database is a config error).
public struct GeoIPFilterOptions: Sendable, Hashable {
    /// Where geoipupdate (and Debian's geoip-database packages) put the files.
    static let defaultDirectories = ["/usr/share/GeoIP", "/var/lib/GeoIP"]

    let source: FieldPath
    /// Each field's path below the target, and its full path.
    let placements: [GeoIPField: (below: FieldPath, full: FieldPath)]
    let target: FieldPath
    let lookup: GeoIPLookup?
    let cacheSize: Int
    let tagOnFailure: [String]
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        let source = reader.fieldPath("source")
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        var targetText = reader.optionalString("target")
        if targetText == nil {
            if !ecs {
                targetText = "geoip"
            } else if let text = source?.text, text.hasSuffix("[ip]"), text.count > 4 {
                targetText = String(text.dropLast(4))
            } else {
                reader.problem(
                    "source", "with ECS, geoip needs a target when source is not an ip sub-field such as [client][ip]",
                    hint: "add target => \"source\" (ECS expects client, destination, host, observer, server or source)")
            }
        }
        let target = targetText.flatMap { reader.fieldPath($0, setting: "target") }
        let cacheSize = reader.integer("cache_size")
        if cacheSize <= 0 { reader.problem("cache_size", "must be more than 0", hint: "cache_size => 1000") }
        self.cacheSize = Int(max(cacheSize, 1))
        tagOnFailure = reader.strings("tag_on_failure")

        let path: String?
        if let database = reader.optionalString("database") {
            path = FileAccess.absolute(database, in: reader.context.workingDirectory)
        } else {
            let type = reader.string("default_database_type")
            path = Self.defaultDatabase(type: type, in: Self.defaultDirectories)
            if path == nil {
                let tried = Self.defaultDirectories.flatMap { directory in ["GeoLite2", "GeoIP2"].map { "\(directory)/\($0)-\(type).mmdb" } }
                reader.problem(
                    nil, "no database is given, and the default one does not exist (tried \(tried.joined(separator: ", ")))",
                    hint: "set database => \"/path/to/GeoLite2-\(type).mmdb\", or run geoipupdate")
            }
        }
        var lookup: GeoIPLookup?
        if let path, let unreadable = FileAccess.unreadableFile(path) {
            reader.problem("database", "cannot read \(unreadable)", hint: "a MaxMind DB file (.mmdb), such as geoipupdate writes")
        } else if let path, let database = reader.attempt(reader.isSet("database") ? "database" : nil, hint: "a MaxMind DB file (.mmdb)", { try MaxMindDatabase(path: path) }) {
            if let kind = GeoIPDatabaseKind(databaseType: database.databaseType) {
                var fields = kind.defaultFields(ecs: ecs)
                if let names = reader.optionalStrings("fields"), !names.isEmpty {
                    fields = names.compactMap { name in
                        guard let field = GeoIPField(setting: name) else {
                            reader.problem(
                                "fields", "\"\(name)\" is not a geoip field",
                                hint: "one of \(GeoIPField.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", "))")
                            return nil
                        }
                        if !kind.offered.contains(field) {
                            reader.warning("fields", "\(name) is never set from a \(database.databaseType) database")
                        }
                        return field
                    }
                }
                lookup = GeoIPLookup(database: database, kind: kind, fields: fields)
            } else {
                reader.problem(
                    reader.isSet("database") ? "database" : nil,
                    "\(path): the database type \"\(database.databaseType)\" is not supported (City, Country, ASN, ISP and Domain are)")
            }
        }
        self.lookup = lookup
        var placements: [GeoIPField: (below: FieldPath, full: FieldPath)] = [:]
        if let target {
            for field in GeoIPField.allCases {
                guard let suffix = ecs ? field.ecsPath : field.legacyPath else { continue }
                let text = suffix.map { "[\($0)]" }.joined()
                placements[field] = (
                    FieldPath(root: .data, segments: suffix.map(FieldPath.Segment.init), text: text),
                    FieldPath(root: target.root, segments: target.segments + suffix.map(FieldPath.Segment.init), text: target.text + text)
                )
            }
        }
        self.placements = placements
        common = CommonFilterOptions(&reader)
        try reader.finish()
        self.source = source!
        self.target = target!
    }

    /// The first of `GeoLite2-<type>.mmdb`, `GeoIP2-<type>.mmdb` found in `directories`.
    static func defaultDatabase(type: String, in directories: [String]) -> String? {
        for directory in directories {
            for edition in ["GeoLite2", "GeoIP2"] {
                let path = "\(directory)/\(edition)-\(type).mmdb"
                if FileAccess.unreadableFile(path) == nil { return path }
            }
        }
        return nil
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.source == rhs.source && lhs.target == rhs.target && lhs.lookup?.database.path == rhs.lookup?.database.path
            && lhs.lookup?.fields == rhs.lookup?.fields && lhs.cacheSize == rhs.cacheSize && lhs.tagOnFailure == rhs.tagOnFailure
            && lhs.placements.mapValues(\.full) == rhs.placements.mapValues(\.full) && lhs.common == rhs.common
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(target)
        hasher.combine(lookup?.database.path)
    }
}

extension GeoIPFilterOptions {
    /// The looked-up values placed as the filter sets them.
    func result(of found: [(GeoIPField, Value)]) -> GeoIPResult {
        var subtree = OrderedObject()
        var sets: [(path: FieldPath, value: Value)] = []
        for (field, value) in found {
            guard let placement = placements[field] else { continue }
            try? placement.below.set(value, in: &subtree)
            sets.append((placement.full, value))
        }
        return GeoIPResult(subtree: subtree, sets: sets)
    }
}
