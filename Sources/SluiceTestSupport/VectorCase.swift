public import SluiceCore

/// One case of a shared vector file, as a `Value`.
///
/// Loaded with Sluice's own `JSONReader` (itself checked against the JSONTestSuite): Foundation's
/// reader drops a leading U+FEFF from strings, which one config vector depends on, and loses key order.
public struct VectorCase: Sendable {
    public let file: String
    public let number: Int
    public let data: OrderedObject

    public subscript(key: String) -> Value? { data[key] }

    /// `file#number id-or-source`, to name the case in test output.
    public var name: String {
        let label = data["id"]?.stringValue ?? data["source"]?.stringValue.map { String($0.split(separator: "/").last ?? "") } ?? ""
        return "\(file)#\(number) \(label)"
    }

    /// Every case of a vector file under `logstash/`, optionally only those of one `kind`.
    public static func load(_ file: String, kind: String? = nil) -> [VectorCase] {
        guard let bytes = try? VectorFiles.loadBytes("logstash/\(file)"),
            case .array(let cases)? = try? JSONReader.parse(bytes)
        else { return [] }
        return cases.enumerated().compactMap { number, raw in
            guard case .object(let data) = raw else { return nil }
            if let kind, data["kind"]?.stringValue != kind { return nil }
            return VectorCase(file: file, number: number, data: data)
        }
    }
}
