import SluiceCore

/// A field the geoip filter can set (`fields => [...]`, names case-insensitive), in the order
/// logstash-filter-geoip 8 sets them, with where each goes under `target`: the legacy name, or its
/// ECS place (`geo.*`, `as.*`, `mmdb.*`; `country_code3` has none and is left out with ECS).
enum GeoIPField: String, CaseIterable, Sendable {
    case autonomousSystemNumber = "AUTONOMOUS_SYSTEM_NUMBER"
    case autonomousSystemOrganization = "AUTONOMOUS_SYSTEM_ORGANIZATION"
    case cityName = "CITY_NAME"
    case countryName = "COUNTRY_NAME"
    case continentCode = "CONTINENT_CODE"
    case continentName = "CONTINENT_NAME"
    case countryCode2 = "COUNTRY_CODE2"
    case countryCode3 = "COUNTRY_CODE3"
    case domain = "DOMAIN"
    case ip = "IP"
    case isp = "ISP"
    case postalCode = "POSTAL_CODE"
    case dmaCode = "DMA_CODE"
    case regionName = "REGION_NAME"
    case regionCode = "REGION_CODE"
    case regionISOCode = "REGION_ISO_CODE"
    case timezone = "TIMEZONE"
    case location = "LOCATION"
    case latitude = "LATITUDE"
    case longitude = "LONGITUDE"
    case organization = "ORGANIZATION"

    init?(setting: String) {
        self.init(rawValue: setting.uppercased())
    }

    /// The field's name without ECS.
    var legacyPath: [String] {
        switch self {
        case .autonomousSystemNumber: ["asn"]
        case .autonomousSystemOrganization: ["as_org"]
        case .location: ["location"]
        case .latitude: ["latitude"]
        case .longitude: ["longitude"]
        default: [rawValue.lowercased()]
        }
    }

    /// Where the field goes with ECS (`nil`: nowhere).
    var ecsPath: [String]? {
        switch self {
        case .autonomousSystemNumber: ["as", "number"]
        case .autonomousSystemOrganization: ["as", "organization", "name"]
        case .cityName: ["geo", "city_name"]
        case .countryName: ["geo", "country_name"]
        case .continentCode: ["geo", "continent_code"]
        case .continentName: ["geo", "continent_name"]
        case .countryCode2: ["geo", "country_iso_code"]
        case .countryCode3: nil
        case .domain: ["domain"]
        case .ip: ["ip"]
        case .isp: ["mmdb", "isp"]
        case .postalCode: ["geo", "postal_code"]
        case .dmaCode: ["mmdb", "dma_code"]
        case .regionName: ["geo", "region_name"]
        case .regionCode: ["geo", "region_code"]
        case .regionISOCode: ["geo", "region_iso_code"]
        case .timezone: ["geo", "timezone"]
        case .location: ["geo", "location"]
        case .latitude: ["geo", "location", "lat"]
        case .longitude: ["geo", "location", "lon"]
        case .organization: ["mmdb", "organization"]
        }
    }
}

/// The kinds of database the filter reads, from the file's `database_type`, with the fields each
/// offers and sets by default.
enum GeoIPDatabaseKind: Sendable {
    case city, country, asn, isp, domain

    init?(databaseType: String) {
        let type = databaseType.lowercased()
        if type.contains("city") {
            self = .city
        } else if type.contains("country") {
            self = .country
        } else if type.contains("asn") {
            self = .asn
        } else if type.contains("isp") {
            self = .isp
        } else if type.contains("domain") {
            self = .domain
        } else {
            return nil
        }
    }

    func defaultFields(ecs: Bool) -> [GeoIPField] {
        switch self {
        case .city:
            [
                .ip, .cityName, .continentCode, .countryName, .countryCode2, .countryCode3, .postalCode, .dmaCode, .regionName,
                ecs ? .regionISOCode : .regionCode, .timezone, .location, .latitude, .longitude,
            ]
        case .country: [.ip, .countryCode2, .countryName, .continentName]
        case .asn: [.ip, .autonomousSystemNumber, .autonomousSystemOrganization]
        case .isp: [.ip, .autonomousSystemNumber, .autonomousSystemOrganization, .isp, .organization]
        case .domain: [.domain]
        }
    }

    var offered: Set<GeoIPField> {
        switch self {
        case .city:
            Set(GeoIPDatabaseKind.city.defaultFields(ecs: false) + [.continentName, .regionISOCode])
        case .country: Set(defaultFields(ecs: false))
        case .asn: Set(defaultFields(ecs: false))
        case .isp: Set(defaultFields(ecs: false))
        case .domain: [.domain]
        }
    }
}
