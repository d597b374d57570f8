import SluiceConfig
import SluiceCore

/// `filter { cidr { address => ["%{client_ip}"] network => ["10.0.0.0/8"] add_tag => ["internal"] } }`:
/// whether an address is in a network (logstash-filter-cidr 3.1).
let cidrFilterSpec = PluginSpec.filter(
    "cidr", summary: "apply the common options when an address of the event is in one of the networks (IPv4 and IPv6)",
    options: [
        OptionSpec("address", .array(of: .string), default: .array([]), doc: "the addresses to check, usually %{field} references"),
        OptionSpec("address_field", .fieldReference, doc: "a field holding an address or a list of them (instead of address)"),
        OptionSpec("network", .array(of: .string), default: .array([]), doc: "networks (a/prefix, a/netmask or a single address; %{field} and commas allowed)"),
        OptionSpec("network_path", .path, doc: "a file of networks, one per separator (instead of network)"),
        OptionSpec("refresh_interval", .number, default: .integer(600), doc: "seconds between reads of network_path (0 or less: never)"),
        OptionSpec("separator", .string, default: .string("\n"), doc: "what separates the networks in network_path"),
    ],
    decode: CIDRFilterOptions.init, make: CIDRFilter.init(options:))

/// The cidr filter's options, decoded: networks written without `%{...}` are parsed once here
/// (one that does not parse is a config error, where Logstash skips it per event with a warning),
/// the file's are read here and on each refresh.
public struct CIDRFilterOptions: Sendable, Hashable {
    enum Addresses: Sendable, Hashable {
        case templates([Template])
        case field(FieldPath)
    }

    enum Networks: Sendable, Hashable {
        /// Fixed networks, and templates rendered per event.
        case inline(fixed: [IPNetwork], templates: [Template])
        case file(path: String, separator: String, interval: Duration?, store: ReloadedFromFile<[IPNetwork]>)
    }

    let addresses: Addresses
    let networks: Networks
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        if reader.isSet("address") && reader.isSet("address_field") {
            reader.problem("address_field", "The configuration options 'address' and 'address_field' are mutually exclusive", hint: "keep one of them")
        }
        if let field = reader.fieldPath("address_field") {
            addresses = .field(field)
        } else {
            if !reader.isSet("address") && !reader.isSet("address_field") {
                reader.problem(nil, "cidr needs the addresses to check", hint: "address => [\"%{[source][ip]}\"] or address_field => \"[source][ip]\"")
            }
            addresses = .templates(reader.strings("address").compactMap { reader.template($0, setting: "address") })
        }
        if reader.isSet("network") && reader.isSet("network_path") {
            reader.problem("network_path", "The configuration options 'network' and 'network_path' are mutually exclusive", hint: "keep one of them")
        }
        let separator = reader.string("separator")
        if let path = reader.optionalString("network_path") {
            let absolute = FileAccess.absolute(path, in: reader.context.workingDirectory)
            var loaded: [IPNetwork] = []
            switch Self.load(absolute, separator: separator) {
            case .success(let list): loaded = list
            case .failure(let error): reader.problem("network_path", error.description, hint: "one network per line, such as 10.0.0.0/8")
            }
            let seconds = reader.double("refresh_interval")
            let interval: Duration? = seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded())) : nil
            networks = .file(path: absolute, separator: separator, interval: interval, store: ReloadedFromFile(loaded))
        } else {
            var fixed: [IPNetwork] = []
            var templates: [Template] = []
            for text in reader.strings("network") {
                if text.contains("%{") {
                    if let template = reader.template(text, setting: "network") { templates.append(template) }
                    continue
                }
                for part in text.split(separator: ",") {
                    let trimmed = part.trimmingASCIISpaces
                    if let network = IPNetwork(trimmed) {
                        fixed.append(network)
                    } else {
                        reader.problem("network", "\"\(trimmed)\" is not an IP network", hint: "an address with a prefix length, such as 192.168.0.0/16 or fe80::/64")
                    }
                }
            }
            if fixed.isEmpty && templates.isEmpty {
                reader.warning("network", "no networks are given: no address will match", hint: "network => [\"10.0.0.0/8\"] or network_path => \"/etc/sluice/networks\"")
            }
            networks = .inline(fixed: fixed, templates: templates)
        }
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The file's networks read again (nil when it no longer reads: the old list stays).
    static func reread(_ path: String, separator: String) -> [IPNetwork]? {
        try? load(path, separator: separator).get()
    }

    /// The networks of a file (entries split at `separator`, blanks around them ignored). An
    /// entry that is not a network is an error: a file with a typo would otherwise match less than
    /// it says, silently.
    static func load(_ path: String, separator: String) -> Result<[IPNetwork], LoadError> {
        let text: String
        switch FileAccess.readText(path) {
        case .success(let content): text = content
        case .failure(let error): return .failure(LoadError(description: "\(error)"))
        }
        var networks: [IPNetwork] = []
        // Split as bytes: a String splits by Characters, and "\r\n" is one Character.
        let entries = Array(text.utf8).split(separator: Array((separator.isEmpty ? "\n" : separator).utf8))
        for (index, entry) in entries.enumerated() {
            let trimmed = String(decoding: entry, as: UTF8.self).trimmingASCIISpaces
            if trimmed.isEmpty { continue }
            guard let network = IPNetwork(trimmed) else {
                return .failure(LoadError(description: "\(path): entry \(index + 1), \"\(trimmed)\", is not an IP network"))
            }
            networks.append(network)
        }
        guard !networks.isEmpty else {
            return .failure(LoadError(description: "\(path) holds no networks (is the separator right?)"))
        }
        return .success(networks)
    }
}

extension StringProtocol {
    /// Without the spaces, tabs and line ends around it.
    var trimmingASCIISpaces: Substring {
        let text = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }
}
