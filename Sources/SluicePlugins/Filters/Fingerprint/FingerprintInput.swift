import SluiceCore

/// The bytes the fingerprint filter hashes for a value, as logstash-filter-fingerprint 3.5 builds
/// them: a string as it is, a number, boolean or timestamp as Logstash prints it (`@timestamp` in
/// ISO 8601 with three, six or nine fraction digits, as Logstash 8), null as nothing; a map as its
/// `key|value` pairs in key order and a list as its elements, all joined with `|`, so that the
/// order a map's keys came in never changes the hash.
enum FingerprintInput {
    static func append(_ value: Value, to out: inout ByteSink) {
        switch value {
        case .object(let object):
            let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "|")) }
                out.append(utf8: key)
                out.append(UInt8(ascii: "|"))
                append(object[key] ?? .null, to: &out)
            }
        case .array(let list):
            for (index, element) in list.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "|")) }
                append(element, to: &out)
            }
        default:
            Template.appendText(of: value, into: &out)
        }
    }

    /// `|name|value` for each field (given in name order), then a closing `|`: the string
    /// `concatenate_sources` and `concatenate_all_fields` hash.
    static func concatenation(_ fields: [(name: String, value: Value?)], into out: inout ByteSink) {
        for field in fields {
            out.append(UInt8(ascii: "|"))
            out.append(utf8: field.name)
            out.append(UInt8(ascii: "|"))
            if let value = field.value { append(value, to: &out) }
        }
        out.append(UInt8(ascii: "|"))
    }
}
