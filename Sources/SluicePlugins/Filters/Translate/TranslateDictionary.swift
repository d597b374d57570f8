import SluiceConfig
import SluiceCore
import SluiceParsers
import SluiceYAML

/// A translate dictionary: keys in file order, values as the file gives them (YAML and JSON
/// typed, CSV text).
struct TranslateDictionary: Sendable, Hashable {
    private(set) var keys: [String] = []
    private(set) var values: [String: Value] = [:]

    init() {}

    init(_ entries: [(String, Value)]) {
        for (key, value) in entries { self[key] = value }
    }

    subscript(key: String) -> Value? {
        get { values[key] }
        set {
            if values.updateValue(newValue ?? .null, forKey: key) == nil { keys.append(key) }
            if newValue == nil { remove(key) }
        }
    }

    private mutating func remove(_ key: String) {
        values[key] = nil
        keys.removeAll { $0 == key }
    }

    var isEmpty: Bool { keys.isEmpty }

    /// `refresh_behaviour => merge`: the new entries over the old.
    func merging(_ other: TranslateDictionary) -> TranslateDictionary {
        var merged = self
        for key in other.keys { merged[key] = other.values[key] }
        return merged
    }

    /// Which format a dictionary file is, by its name.
    enum Format: String, Sendable, Hashable {
        case yaml, json, csv

        init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { self = .yaml }
            else if lower.hasSuffix(".json") { self = .json }
            else if lower.hasSuffix(".csv") { self = .csv }
            else { return nil }
        }
    }

    /// Why a dictionary file cannot be used.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads and parses a dictionary file. `codePointLimit`: the most characters a YAML file may have.
    static func load(_ path: String, format: Format, codePointLimit: Int) -> Result<TranslateDictionary, LoadError> {
        let text: String
        switch FileAccess.readText(path, limit: 1 << 30) {
        case .success(let read): text = read
        case .failure(let error): return .failure(LoadError(description: "cannot read \(error)"))
        }
        switch format {
        case .yaml:
            let count = text.unicodeScalars.count
            if count > codePointLimit {
                return .failure(
                    LoadError(description: "The incoming YAML document exceeds the limit: \(codePointLimit) code points (it has \(count))"))
            }
            do {
                return entries(of: try YAMLValues.load(text), path)
            } catch {
                return .failure(LoadError(description: "\(error) when loading dictionary file \(path)"))
            }
        case .json:
            do {
                return entries(of: try JSONReader.parse(text), path)
            } catch {
                return .failure(LoadError(description: "\(error) when loading dictionary file \(path)"))
            }
        case .csv:
            var dictionary = TranslateDictionary()
            let parser = CSVLineParser(separator: [UInt8(ascii: ",")], quote: UInt8(ascii: "\""))
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
                let values: [String?]?
                do {
                    values = try parser.values(String(line))
                } catch {
                    return .failure(LoadError(description: "\(path):\(number + 1): \(error)"))
                }
                guard let values, values.count >= 2 else { continue }
                dictionary[values[0] ?? ""] = .string(values[1] ?? "")
            }
            return .success(dictionary)
        }
    }

    /// A mapping (or YAML's `!!omap`, a list of one-entry mappings) as a dictionary.
    private static func entries(of document: Value, _ path: String) -> Result<TranslateDictionary, LoadError> {
        var dictionary = TranslateDictionary()
        switch document {
        case .object(let object):
            for (key, value) in object { dictionary[key] = value }
        case .array(let list):
            for item in list {
                guard let pair = item.objectValue else { return .failure(LoadError(description: "\(path): not a mapping of keys to values")) }
                for (key, value) in pair { dictionary[key] = value }
            }
        case .null:
            break
        default:
            return .failure(LoadError(description: "\(path): not a mapping of keys to values"))
        }
        return .success(dictionary)
    }
}
