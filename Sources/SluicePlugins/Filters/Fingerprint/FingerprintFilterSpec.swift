import Crypto
import SluiceConfig
import SluiceCore

/// `filter { fingerprint { source => ["host", "message"] concatenate_sources => true } }`:
/// consistent hashes of fields (logstash-filter-fingerprint 3.5).
let fingerprintFilterSpec = PluginSpec.filter(
    "fingerprint", summary: "set a field to a hash of other fields (SHA, MD5, HMAC, MurmurHash3), a masked IP, a UUID or the punctuation",
    options: [
        OptionSpec(
            "method", .oneOf(FingerprintMethod.allCases.map(\.rawValue)), default: .string("SHA1"),
            doc: "the hash; IPV4_NETWORK masks an address to `key` bits; UUID is random; PUNCTUATION keeps only punctuation and symbols"),
        OptionSpec("source", .array(of: .fieldReference), default: .array([.string("message")]), doc: "the fields to hash (several without concatenate_sources: the last one present wins)"),
        OptionSpec("target", .fieldReference, doc: "where the hash goes (default: [event][hash] with ECS, fingerprint without)"),
        OptionSpec("key", .password, doc: "the HMAC key (SHA and MD5 methods), or IPV4_NETWORK's prefix length"),
        OptionSpec("base64encode", .boolean, default: .boolean(false), doc: "base64 rather than hex (SHA, MD5, MURMUR3_128)"),
        OptionSpec("concatenate_sources", .boolean, default: .boolean(false), doc: "hash `|name|value|...|` of all the sources as one string"),
        OptionSpec("concatenate_all_fields", .boolean, default: .boolean(false), doc: "hash `|name|value|...|` of every field of the event"),
        OptionSpec("ecs_compatibility", .oneOf(["disabled", "v1", "v8"]), doc: "chooses target's default"),
    ],
    decode: FingerprintFilterOptions.init, make: FingerprintFilter.init(options:))

/// The fingerprint filter's `method`.
enum FingerprintMethod: String, CaseIterable, Sendable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"
    case md5 = "MD5"
    case murmur3 = "MURMUR3"
    case murmur3x128 = "MURMUR3_128"
    case ipv4Network = "IPV4_NETWORK"
    case uuid = "UUID"
    case punctuation = "PUNCTUATION"
}

/// The fingerprint filter's options, decoded: the digest is made here, once, keyed when a key is
/// given.
public struct FingerprintFilterOptions: Sendable, Hashable {
    let method: FingerprintMethod
    /// The sources as written (concatenation uses these names) and as paths.
    let sources: [(name: String, path: FieldPath)]
    /// The same, in name order (PUNCTUATION and the concatenations go through them so).
    let sortedSources: [(name: String, path: FieldPath)]
    let target: FieldPath
    let base64: Bool
    let concatenateSources: Bool
    let concatenateAllFields: Bool
    /// IPV4_NETWORK's prefix length.
    let prefixLength: Int
    let secretKey: Secret?
    let digest: (any FingerprintDigest)?
    let common: CommonFilterOptions

    init(_ reader: inout OptionReader) throws {
        method = FingerprintMethod(rawValue: reader.string("method")) ?? .sha1
        var sources: [(String, FieldPath)] = []
        for name in reader.strings("source") {
            if let path = reader.fieldPath(name, setting: "source") { sources.append((name, path)) }
        }
        self.sources = sources
        sortedSources = sources.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let ecs = (reader.optionalString("ecs_compatibility") ?? reader.context.ecsCompatibility) != "disabled"
        target = reader.fieldPath("target") ?? (try! FieldPath(parsing: ecs ? "[event][hash]" : "fingerprint"))
        base64 = reader.bool("base64encode")
        concatenateSources = reader.bool("concatenate_sources")
        concatenateAllFields = reader.bool("concatenate_all_fields")
        secretKey = reader.secret("key")
        let key = secretKey?.value
        var prefixLength = 0
        if method == .ipv4Network {
            if let key, let bits = Int(key), (0...128).contains(bits) {
                prefixLength = bits
            } else {
                reader.problem(
                    key == nil ? nil : "key", "IPV4_NETWORK needs key => the prefix length to keep, 0 to 32 (128 for IPv6)",
                    hint: "key => \"24\" turns 192.168.1.77 into 192.168.1.0")
            }
        }
        if method == .uuid || method == .punctuation, concatenateSources || concatenateAllFields {
            reader.warning(
                concatenateSources ? "concatenate_sources" : "concatenate_all_fields", "has no effect with method => \(method.rawValue)")
        }
        self.prefixLength = prefixLength
        digest = Self.digest(method, key: key, base64: base64)
        common = CommonFilterOptions(&reader)
        try reader.finish()
    }

    static func digest(_ method: FingerprintMethod, key: String?, base64: Bool) -> (any FingerprintDigest)? {
        func make<H: HashFunction>(_: H.Type) -> any FingerprintDigest {
            if let key { KeyedDigest<H>(key: key, base64: base64) } else { PlainDigest<H>(base64: base64) }
        }
        switch method {
        case .sha1: return make(Insecure.SHA1.self)
        case .sha256: return make(SHA256.self)
        case .sha384: return make(SHA384.self)
        case .sha512: return make(SHA512.self)
        case .md5: return make(Insecure.MD5.self)
        default: return nil
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.sources.map(\.name) == rhs.sources.map(\.name) && lhs.target == rhs.target
            && lhs.base64 == rhs.base64 && lhs.concatenateSources == rhs.concatenateSources
            && lhs.concatenateAllFields == rhs.concatenateAllFields && lhs.prefixLength == rhs.prefixLength && lhs.secretKey == rhs.secretKey && lhs.common == rhs.common
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(sources.map(\.name))
        hasher.combine(target)
    }
}
