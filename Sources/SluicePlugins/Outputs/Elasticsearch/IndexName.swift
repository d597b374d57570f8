/// Elasticsearch's rules for index names, checked before a document is sent: an event whose
/// rendered index breaks them goes to the dead-letter file instead of failing in the cluster.
enum IndexName {
    /// Why `name` cannot be an index name, or `nil` when it can.
    static func problem(_ name: String) -> String? {
        if name.contains("%{") {
            return "Badly formatted index, after interpolation still contains placeholder: [\(name)]"
        }
        if name.isEmpty { return "invalid index name []: must not be empty" }
        if name == "." || name == ".." { return "invalid index name [\(name)]: must not be '.' or '..'" }
        if name.utf8.count > 255 { return "invalid index name [\(name)]: is longer than 255 bytes" }
        if let first = name.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "_") || first == UInt8(ascii: "+") {
            return "invalid index name [\(name)]: must not start with '_', '-', or '+'"
        }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return "invalid index name [\(name)]: must be lowercase"
            case UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "\""),
                UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: "#"),
                UInt8(ascii: ":"), UInt8(ascii: " "):
                return "invalid index name [\(name)]: must not contain \\, /, *, ?, \", <, >, |, space, comma, #, or :"
            default:
                continue
            }
        }
        return nil
    }
}
