public import SluiceCore

/// Compares an actual event with an expected one as LFV does: the whole event (no subset
/// matching), keys in any order, arrays in order, `1` equal to `1.0`, `@version` and `ignore`
/// fields removed from the actual event only. Differences are listed by field path.
public enum EventComparison {
    public enum Difference: Equatable, CustomStringConvertible {
        case missing(String, Value)
        case unexpected(String, Value)
        case changed(String, expected: Value, actual: Value)

        public var description: String {
            switch self {
            case .missing(let path, let value): "missing    \(path): expected \(JSONWriter.string(value))"
            case .unexpected(let path, let value): "unexpected \(path): \(JSONWriter.string(value))"
            case .changed(let path, let expected, let actual):
                "changed    \(path): expected \(JSONWriter.string(expected)), got \(JSONWriter.string(actual))"
            }
        }
    }

    /// The event as LFV sees it: its JSON (with `@timestamp` as a string), minus ignored fields.
    public static func actualObject(_ event: Event, ignore: [String]) -> OrderedObject {
        var object = (try? JSONReader.parse(event.jsonString))?.objectValue ?? OrderedObject()
        for field in ignore + ["@version"] {
            guard let path = try? FieldPath(parsing: field) else { continue }
            path.remove(from: &object)
            // A parent left empty by the removal goes too.
            var parents = path.segments.dropLast()
            while !parents.isEmpty {
                let parent = FieldPath(root: .data, segments: Array(parents), text: "")
                guard case .object(let child)? = parent.value(in: object), child.isEmpty else { break }
                parent.remove(from: &object)
                parents = parents.dropLast()
            }
        }
        return object
    }

    /// `[a][b]` keys of an expected event expanded into nested objects (LFV 1.x does this).
    public static func expand(_ expected: OrderedObject) -> OrderedObject {
        var object = OrderedObject()
        for (key, value) in expected {
            if key.hasPrefix("["), let path = try? FieldPath(parsing: key) {
                try? path.set(value, in: &object)
            } else {
                object[key] = value
            }
        }
        return object
    }

    public static func differences(expected: OrderedObject, actual: OrderedObject) -> [Difference] {
        var out: [Difference] = []
        compare(.object(expected), .object(actual), path: "", into: &out)
        return out
    }

    static func compare(_ expected: Value, _ actual: Value, path: String, into out: inout [Difference]) {
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            for (key, value) in e {
                let child = path + "[\(key)]"
                if let other = a[key] { compare(value, other, path: child, into: &out) } else { out.append(.missing(child, value)) }
            }
            for (key, value) in a where e[key] == nil { out.append(.unexpected(path + "[\(key)]", value)) }
        default:
            if !equal(expected, actual) { out.append(.changed(path.isEmpty ? "(event)" : path, expected: expected, actual: actual)) }
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default:
            if let x = number(a), let y = number(b) { return x == y }
            return a == b
        }
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .double(let d): d
        case .bigNumber(let text): Double(text)
        default: nil
        }
    }
}
