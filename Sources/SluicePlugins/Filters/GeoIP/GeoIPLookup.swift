import SluiceCore
import SluiceGeoIP

/// What the geoip filter reads from a record, for the fields asked, in logstash-filter-geoip 8's
/// order and with its rules: a City record without latitude and longitude gives nothing; a region
/// is the most specific subdivision; `region_iso_code` is `<country>-<region>`; `location` is
/// `{lat, lon}` when both are known; `ip` is the address as Java prints it (IPv6 in eight groups,
/// no `::`). Synchronous and without I/O beyond the mapped file; tested against databases the
/// tests write.
struct GeoIPLookup: Sendable {
    let database: MaxMindDatabase
    let kind: GeoIPDatabaseKind
    /// The fields asked for, in the order they are set.
    let fields: [GeoIPField]

    private static let paths: [String: MaxMindPath] = {
        let all: [[String]] = [
            ["city", "names", "en"], ["continent", "code"], ["continent", "names", "en"], ["country", "iso_code"],
            ["country", "names", "en"], ["postal", "code"], ["location", "metro_code"], ["location", "time_zone"],
            ["location", "latitude"], ["location", "longitude"], ["subdivisions"], ["autonomous_system_number"],
            ["autonomous_system_organization"], ["isp"], ["organization"], ["domain"],
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.joined(separator: "."), MaxMindPath($0)) })
    }()

    init(database: MaxMindDatabase, kind: GeoIPDatabaseKind, fields: [GeoIPField]) {
        self.database = database
        self.kind = kind
        let wanted = Set(fields)
        self.fields = GeoIPField.allCases.filter(wanted.contains)
    }

    /// The values found for `address` (empty: the database has no record, or a City record has
    /// no location).
    func lookup(_ address: IPAddress) throws(MaxMindError) -> [(GeoIPField, Value)] {
        guard let record = try database.record(for: address) else { return [] }
        func value(_ path: String) -> Value? { Self.paths[path].flatMap { record.value(at: $0) } }
        let latitude = value("location.latitude")
        let longitude = value("location.longitude")
        if kind == .city && latitude == nil && longitude == nil { return [] }
        var subdivision: (code: Value?, name: Value?) = (nil, nil)
        if fields.contains(where: { [.regionName, .regionCode, .regionISOCode].contains($0) }),
            let count = Self.paths["subdivisions"].flatMap({ record.count(at: $0) }), count > 0
        {
            subdivision = (
                record.value(at: MaxMindPath(["subdivisions", String(count - 1), "iso_code"])),
                record.value(at: MaxMindPath(["subdivisions", String(count - 1), "names", "en"]))
            )
        }
        var found: [(GeoIPField, Value)] = []
        for field in fields {
            let result: Value?
            switch field {
            case .ip: result = .string(Self.javaText(of: address))
            case .cityName: result = value("city.names.en")
            case .continentCode: result = value("continent.code")
            case .continentName: result = value("continent.names.en")
            case .countryName: result = value("country.names.en")
            case .countryCode2, .countryCode3: result = value("country.iso_code")
            case .postalCode: result = value("postal.code")
            case .dmaCode: result = value("location.metro_code")
            case .regionName: result = subdivision.name
            case .regionCode: result = subdivision.code
            case .regionISOCode:
                if case .string(let country)? = value("country.iso_code"), case .string(let region)? = subdivision.code {
                    result = .string("\(country)-\(region)")
                } else {
                    result = nil
                }
            case .timezone: result = value("location.time_zone")
            case .location:
                if let latitude, let longitude {
                    var location = OrderedObject()
                    location.appendNew(key: "lat", value: latitude)
                    location.appendNew(key: "lon", value: longitude)
                    result = .object(location)
                } else {
                    result = nil
                }
            case .latitude: result = latitude
            case .longitude: result = longitude
            case .autonomousSystemNumber: result = value("autonomous_system_number")
            case .autonomousSystemOrganization: result = value("autonomous_system_organization")
            case .isp: result = value("isp")
            case .organization: result = value("organization")
            case .domain: result = value("domain")
            }
            if let result { found.append((field, result)) }
        }
        return found
    }

    /// Java's `InetAddress.getHostAddress()`: dotted IPv4; IPv6 as eight lowercase hex groups
    /// without leading zeros and without `::`.
    static func javaText(of address: IPAddress) -> String {
        guard !address.isIPv4 else { return address.description }
        return (0..<8).map { String(UInt16(truncatingIfNeeded: address.bits >> ((7 - $0) * 16)), radix: 16) }.joined(separator: ":")
    }
}
