import SluiceConfig
import SluiceCore

/// One compiled mutate operation (field references and templates parsed once; a gsub pattern is
/// checked when decoded and compiled by each filter instance, since a `Regex` is not `Sendable`).
enum MutateOperation: Sendable, Hashable {
    case coerce(FieldPath, Template)
    case rename(FieldPath, FieldPath)
    case update(FieldPath, Template)
    case replace(FieldPath, Template)
    case convert(FieldPath, Conversion)
    case gsub(FieldPath, pattern: String, replacement: String)
    case uppercase(FieldPath), capitalize(FieldPath), lowercase(FieldPath), strip(FieldPath)
    case split(FieldPath, String)
    case join(FieldPath, String)
    case merge(destination: FieldPath, source: FieldPath)
    case copy(source: FieldPath, destination: FieldPath)

    enum Conversion: String, Sendable, Hashable, CaseIterable {
        case integer, float, string, boolean
        case integerEU = "integer_eu"
        case floatEU = "float_eu"
    }

    struct Failure: Error {}

    /// Every operation the options set, in Logstash's order; a bad field reference, template,
    /// conversion type or pattern is a problem at its setting.
    static func decode(_ reader: inout OptionReader) -> [MutateOperation] {
        func pairs(_ name: String) -> [(FieldPath, String)] {
            (reader.optionalHash(name) ?? []).compactMap { entry in
                reader.fieldPath(entry.key, setting: name).map { ($0, Template.text(of: PluginValues.value(of: entry.value))) }
            }
        }
        func fields(_ name: String) -> [FieldPath] {
            (reader.optionalStrings(name) ?? []).compactMap { reader.fieldPath($0, setting: name) }
        }
        var ops: [MutateOperation] = []
        ops += pairs("coerce").compactMap { field, text in reader.template(text, setting: "coerce").map { .coerce(field, $0) } }
        ops += pairs("rename").compactMap { field, text in reader.fieldPath(text, setting: "rename").map { .rename(field, $0) } }
        ops += pairs("update").compactMap { field, text in reader.template(text, setting: "update").map { .update(field, $0) } }
        ops += pairs("replace").compactMap { field, text in reader.template(text, setting: "replace").map { .replace(field, $0) } }
        ops += pairs("convert").compactMap { field, type in
            guard let conversion = Conversion(rawValue: type) else {
                let known = Conversion.allCases.map(\.rawValue)
                let close = Suggestion.closest(to: type, in: known)
                reader.problem(
                    "convert", "unknown conversion type \"\(type)\"" + (close.map { " (did you mean \"\($0)\"?)" } ?? ""),
                    hint: "types: \(known.joined(separator: ", "))")
                return nil
            }
            return .convert(field, conversion)
        }
        let gsub = reader.optionalStrings("gsub") ?? []
        if gsub.count % 3 != 0 {
            reader.problem("gsub", "gsub takes triples [field, regex, replacement]; it has \(gsub.count) values")
        }
        for triple in stride(from: 0, to: gsub.count - gsub.count % 3, by: 3) {
            guard let field = reader.fieldPath(gsub[triple], setting: "gsub") else { continue }
            let pattern = gsub[triple + 1]
            guard reader.attempt("gsub", { () throws -> Bool in
                do { _ = try Regex(pattern) } catch { throw OptionError(setting: "gsub", "invalid regular expression /\(pattern)/: \(error)") }
                return true
            }) != nil else { continue }
            ops.append(.gsub(field, pattern: pattern, replacement: gsub[triple + 2]))
        }
        ops += fields("uppercase").map(MutateOperation.uppercase)
        ops += fields("capitalize").map(MutateOperation.capitalize)
        ops += fields("lowercase").map(MutateOperation.lowercase)
        ops += fields("strip").map(MutateOperation.strip)
        ops += pairs("split").map { .split($0.0, $0.1) }
        ops += pairs("join").map { .join($0.0, $0.1) }
        ops += pairs("merge").compactMap { field, text in reader.fieldPath(text, setting: "merge").map { .merge(destination: field, source: $0) } }
        ops += pairs("copy").compactMap { field, text in reader.fieldPath(text, setting: "copy").map { .copy(source: field, destination: $0) } }
        return ops
    }

    /// - Parameter regexes: the gsub patterns, compiled by the filter instance.
    func apply(to event: inout Event, regexes: [String: Regex<AnyRegexOutput>]) throws {
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
        case .gsub(let path, let pattern, let replacement):
            guard let regex = regexes[pattern] else { return }
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

import Foundation
