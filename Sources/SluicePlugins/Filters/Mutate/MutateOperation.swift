import SluiceConfig
import SluiceCore

/// One compiled mutate operation (field references and templates parsed once).
enum MutateOperation {
    case coerce(FieldPath, Template)
    case rename(FieldPath, FieldPath)
    case update(FieldPath, Template)
    case replace(FieldPath, Template)
    case convert(FieldPath, Conversion)
    case gsub(FieldPath, Regex<AnyRegexOutput>, String)
    case uppercase(FieldPath), capitalize(FieldPath), lowercase(FieldPath), strip(FieldPath)
    case split(FieldPath, String)
    case join(FieldPath, String)
    case merge(destination: FieldPath, source: FieldPath)
    case copy(source: FieldPath, destination: FieldPath)

    enum Conversion: String {
        case integer, float, string, boolean
        case integerEU = "integer_eu"
        case floatEU = "float_eu"
    }

    struct Failure: Error {}

    static func compile(_ options: PluginOptions) throws -> [MutateOperation] {
        func pairs(_ name: String) throws -> [(FieldPath, String)] {
            try (options.hash(name) ?? []).map { (try FieldPath(parsing: $0.key), Template.text(of: PluginValues.value(of: $0.value))) }
        }
        func fields(_ name: String) throws -> [FieldPath] {
            try (options.strings(name) ?? []).map { try FieldPath(parsing: $0) }
        }
        var ops: [MutateOperation] = []
        ops += try pairs("coerce").map { .coerce($0.0, try Template($0.1)) }
        ops += try pairs("rename").map { .rename($0.0, try FieldPath(parsing: $0.1)) }
        ops += try pairs("update").map { .update($0.0, try Template($0.1)) }
        ops += try pairs("replace").map { .replace($0.0, try Template($0.1)) }
        ops += try pairs("convert").map { field, type in
            guard let conversion = Conversion(rawValue: type) else {
                throw PipelineConfigurationError("mutate convert: unknown type \"\(type)\"")
            }
            return .convert(field, conversion)
        }
        let gsub = options.strings("gsub") ?? []
        for triple in stride(from: 0, to: gsub.count - gsub.count % 3, by: 3) {
            ops.append(.gsub(try FieldPath(parsing: gsub[triple]), try Regex(gsub[triple + 1]), gsub[triple + 2]))
        }
        ops += try fields("uppercase").map(MutateOperation.uppercase)
        ops += try fields("capitalize").map(MutateOperation.capitalize)
        ops += try fields("lowercase").map(MutateOperation.lowercase)
        ops += try fields("strip").map(MutateOperation.strip)
        ops += try pairs("split").map { .split($0.0, $0.1) }
        ops += try pairs("join").map { .join($0.0, $0.1) }
        ops += try pairs("merge").map { .merge(destination: $0.0, source: try FieldPath(parsing: $0.1)) }
        ops += try pairs("copy").map { .copy(source: $0.0, destination: try FieldPath(parsing: $0.1)) }
        return ops
    }

    func apply(to event: inout Event) throws {
        switch self {
        case .coerce(let path, let template):
            if event[path]?.isNull == true { try event.set(path, to: .string(template.render(event))) }
        case .rename(let from, let to):
            if let value = event.remove(from) { try event.set(to, to: value) }
        case .update(let path, let template):
            if event.includes(path) { try event.set(path, to: .string(template.render(event))) }
        case .replace(let path, let template):
            try event.set(path, to: .string(template.render(event)))
        case .convert(let path, let conversion):
            guard let value = event[path] else { return }
            try event.set(path, to: MutateOperation.convert(value, conversion))
        case .gsub(let path, let regex, let replacement):
            try mapStrings(path, &event) { MutateOperation.substitute(regex, replacement, in: $0) }
        case .uppercase(let path):
            try mapStrings(path, &event) { $0.uppercased() }
        case .lowercase(let path):
            try mapStrings(path, &event) { $0.lowercased() }
        case .capitalize(let path):
            try mapStrings(path, &event) { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
        case .strip(let path):
            try mapStrings(path, &event) { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
        case .split(let path, let separator):
            guard case .string(let text)? = event[path] else { return }
            let parts = separator.isEmpty ? text.map { String($0) } : text.components(separatedBy: separator)
            try event.set(path, to: .array(parts.map(Value.string)))
        case .join(let path, let separator):
            guard case .array(let list)? = event[path] else { return }
            try event.set(path, to: .string(list.map { Template.text(of: $0) }.joined(separator: separator)))
        case .merge(let destination, let source):
            guard let added = event[source] else { return }
            guard let existing = event[destination] else {
                try event.set(destination, to: added)
                return
            }
            let base = existing.arrayValue ?? [existing]
            try event.set(destination, to: .array(base + (added.arrayValue ?? [added])))
        case .copy(let source, let destination):
            if let value = event[source] { try event.set(destination, to: value) }
        }
    }

    private func mapStrings(_ path: FieldPath, _ event: inout Event, _ transform: (String) -> String) throws {
        switch event[path] {
        case .string(let text)?:
            try event.set(path, to: .string(transform(text)))
        case .array(let list)?:
            try event.set(path, to: .array(list.map { if case .string(let s) = $0 { .string(transform(s)) } else { $0 } }))
        default:
            return
        }
    }

    /// Ruby `gsub` with `\1`-style back references in the replacement.
    static func substitute(_ regex: Regex<AnyRegexOutput>, _ replacement: String, in text: String) -> String {
        text.replacing(regex) { match in
            var out = ""
            var chars = replacement.makeIterator()
            while let c = chars.next() {
                guard c == "\\", let next = chars.next() else {
                    out.append(c)
                    continue
                }
                if let digit = next.wholeNumberValue, digit < match.output.count,
                    let group = match.output[digit].substring
                {
                    out += group
                } else if next.wholeNumberValue == nil {
                    out.append(next)
                }
            }
            return out
        }
    }

    static func convert(_ value: Value, _ conversion: Conversion) -> Value {
        if case .array(let list) = value { return .array(list.map { convert($0, conversion) }) }
        switch conversion {
        case .string:
            return .string(Template.text(of: value))
        case .integer, .integerEU:
            switch value {
            case .int: return value
            case .double(let d): return .int(Int64(exactly: d.rounded(.towardZero)) ?? 0)
            case .bool(let b): return .int(b ? 1 : 0)
            case .string(let s):
                var text = s.trimmingCharacters(in: .whitespaces)
                text = conversion == .integerEU
                    ? text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                    : text.replacingOccurrences(of: ",", with: "")
                if let n = Int64(text) { return .int(n) }
                if let d = Double(text), let n = Int64(exactly: d.rounded(.towardZero)) { return .int(n) }
                return .int(Int64(text.prefix { $0.isNumber || $0 == "-" }) ?? 0)
            default: return value
            }
        case .float, .floatEU:
            switch value {
            case .double: return value
            case .int(let n): return .double(Double(n))
            case .bool(let b): return .double(b ? 1 : 0)
            case .string(let s):
                var text = s.trimmingCharacters(in: .whitespaces)
                text = conversion == .floatEU
                    ? text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                    : text.replacingOccurrences(of: ",", with: "")
                return .double(Double(text) ?? 0)
            default: return value
            }
        case .boolean:
            switch Template.text(of: value).lowercased() {
            case "true", "t", "yes", "y", "1", "1.0": return .bool(true)
            case "false", "f", "no", "n", "0", "0.0": return .bool(false)
            default: return value
            }
        }
    }
}

/// A plugin setting that passed `check` but cannot be used (caught when the stage is built).
public struct PipelineConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
