import SluiceCore

/// Turns a written setting value into a typed `OptionValue`, as Logstash's validators do
/// (`config/mixin.rb`): a one-element list is accepted for a scalar, numbers may be written as
/// numeric strings, booleans are exactly `true`/`false`, a hash may be an even-length list.
enum OptionDecoder {
    /// - Returns: the value, or a sentence saying what was expected.
    static func decode(_ value: ConfigValue, as type: OptionType) -> Result<OptionValue, DecodeProblem> {
        switch type {
        case .string, .path, .uri:
            guard let text = scalarText(value) else { return .failure(DecodeProblem(expected: type, got: value)) }
            if case .uri = type, text.isEmpty { return .failure(DecodeProblem(expected: type, got: value)) }
            return .success(.string(text))
        case .password:
            guard let text = scalarText(value) else { return .failure(DecodeProblem(expected: type, got: value)) }
            return .success(.password(Secret(text)))
        case .number:
            switch single(value).kind {
            case .integer(let n): return .success(.integer(n))
            case .float(let d): return .success(.float(d))
            case .string(let s), .bareword(let s):
                if let n = Int64(s) { return .success(.integer(n)) }
                if let d = Double(s), d.isFinite { return .success(.float(d)) }
                return .failure(DecodeProblem(expected: type, got: value))
            default:
                return .failure(DecodeProblem(expected: type, got: value))
            }
        case .boolean:
            switch scalarText(value) {
            case "true"?: return .success(.boolean(true))
            case "false"?: return .success(.boolean(false))
            default: return .failure(DecodeProblem(expected: type, got: value))
            }
        case .array(let element):
            let items: [ConfigValue]
            if case .array(let list) = value.kind { items = list } else { items = [value] }
            var decoded: [OptionValue] = []
            for item in items {
                switch decode(item, as: element) {
                case .success(let v): decoded.append(v)
                case .failure: return .failure(DecodeProblem(expected: type, got: value))
                }
            }
            return .success(.array(decoded))
        case .hash:
            switch value.kind {
            case .hash(let entries):
                return .success(.hash(entries.map { OptionHashEntry(key: $0.key.text ?? "", value: generic($0.value)) }))
            case .array(let list):
                // `[k1, v1, k2, v2]`; hashes among the items (the same setting written again as a
                // hash, which the parser appends to the list) add their entries.
                var entries: [OptionHashEntry] = []
                func add(_ key: String, _ item: OptionValue) {
                    if let i = entries.firstIndex(where: { $0.key == key }) {
                        if case .array(let existing) = entries[i].value {
                            entries[i].value = .array(existing + [item])
                        } else {
                            entries[i].value = .array([entries[i].value, item])
                        }
                    } else {
                        entries.append(OptionHashEntry(key: key, value: item))
                    }
                }
                var index = 0
                while index < list.count {
                    if case .hash(let added) = list[index].kind {
                        for entry in added { add(entry.key.text ?? "", generic(entry.value)) }
                        index += 1
                        continue
                    }
                    guard index + 1 < list.count, let key = list[index].text else { return .failure(DecodeProblem(expected: type, got: value)) }
                    if case .hash = list[index + 1].kind { return .failure(DecodeProblem(expected: type, got: value)) }
                    add(key, generic(list[index + 1]))
                    index += 2
                }
                return .success(.hash(entries))
            default:
                return .failure(DecodeProblem(expected: type, got: value))
            }
        case .codec:
            switch single(value).kind {
            case .string(let name), .bareword(let name):
                return .success(.codec(CodecSetting(name: name)))
            case .plugin(let plugin):
                var settings: [String: OptionValue] = [:]
                for setting in plugin.settings { settings[setting.name] = generic(setting.value) }
                return .success(.codec(CodecSetting(name: plugin.name, settings: settings)))
            default:
                return .failure(DecodeProblem(expected: type, got: value))
            }
        case .fieldReference:
            guard let text = scalarText(value) else { return .failure(DecodeProblem(expected: type, got: value)) }
            do {
                _ = try FieldPath(parsing: text)
            } catch {
                return .failure(DecodeProblem(expected: type, got: value, detail: error.message))
            }
            return .success(.string(text))
        case .oneOf(let allowed):
            guard let text = scalarText(value), allowed.contains(text) else {
                return .failure(DecodeProblem(expected: type, got: value))
            }
            return .success(.string(text))
        case .stringOrArray:
            if case .array(let list) = value.kind {
                let texts = list.compactMap(scalarText)
                guard texts.count == list.count else { return .failure(DecodeProblem(expected: type, got: value)) }
                return .success(.array(texts.map(OptionValue.string)))
            }
            guard let text = scalarText(value) else { return .failure(DecodeProblem(expected: type, got: value)) }
            return .success(.string(text))
        }
    }

    /// A one-element list stands for its element (Logstash wraps every value in a list).
    static func single(_ value: ConfigValue) -> ConfigValue {
        if case .array(let list) = value.kind, list.count == 1 { return list[0] }
        return value
    }

    static func scalarText(_ value: ConfigValue) -> String? {
        switch single(value).kind {
        case .string(let s), .bareword(let s): s
        case .integer(let n): String(n)
        case .float(let d): String(d)
        default: nil
        }
    }

    /// Any written value as an untyped option value (hash values, codec settings).
    static func generic(_ value: ConfigValue) -> OptionValue {
        switch value.kind {
        case .string(let s), .bareword(let s): .string(s)
        case .integer(let n): .integer(n)
        case .float(let d): .float(d)
        case .array(let list): .array(list.map(generic))
        case .hash(let entries): .hash(entries.map { OptionHashEntry(key: $0.key.text ?? "", value: generic($0.value)) })
        case .plugin(let plugin):
            .codec(
                CodecSetting(
                    name: plugin.name,
                    settings: Dictionary(plugin.settings.map { ($0.name, generic($0.value)) }, uniquingKeysWith: { a, _ in a })))
        }
    }
}

/// Why a value does not fit its option's type.
struct DecodeProblem: Error {
    let expected: OptionType
    let got: ConfigValue
    var detail: String? = nil

    /// How the written value is described in a message (secrets are not shown by the caller).
    var gotDescription: String {
        switch got.kind {
        case .string(let s), .bareword(let s): "\"\(s)\""
        case .integer(let n): String(n)
        case .float(let d): String(d)
        case .array: "a list"
        case .hash: "a hash"
        case .plugin(let p): "a plugin (\(p.name) { ... })"
        }
    }
}
