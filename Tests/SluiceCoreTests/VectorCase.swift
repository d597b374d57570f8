import SluiceCore
import SluiceTestSupport

/// One case of a shared vector file, as a `Value` (loaded through Foundation, not Sluice's reader).
struct VectorCase: Sendable, CustomTestStringConvertible {
    let file: String
    let number: Int
    let data: OrderedObject

    subscript(key: String) -> Value? { data[key] }

    var testDescription: String {
        let source = data["source"]?.stringValue ?? ""
        return "\(file)#\(number) \(source.split(separator: "/").last ?? "")"
    }

    /// Every case of a vector file, optionally only those of one `kind`.
    static func load(_ file: String, kind: String? = nil) -> [VectorCase] {
        guard let cases = try? VectorFiles.loadCases("logstash/\(file)") else { return [] }
        return cases.enumerated().compactMap { number, raw in
            guard case .object(let data) = Value(foundation: raw) else { return nil }
            if let kind, data["kind"]?.stringValue != kind { return nil }
            return VectorCase(file: file, number: number, data: data)
        }
    }
}

import Testing
