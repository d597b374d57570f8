import Foundation
public import SluiceCore
import SluiceYAML

/// A logstash-filter-verifier test case file (../shared/SPEC/lfv-format.md): standalone semantics
/// (input lines through a codec and `fields`), or daemon semantics when `input_plugin` names the
/// input the events enter through; compared with the expected events by position.
public struct TestCaseFile: Sendable {
    public struct Case: Sendable {
        public var input: [String]
        public var expected: [OrderedObject]
        public var description: String?
        /// Daemon mode: this case's fields, merged over the file's.
        public var fields: OrderedObject = OrderedObject()
    }

    public let path: String
    public var codec: String
    public var fields: OrderedObject
    public var ignore: [String]
    public var cases: [Case]
    /// Daemon mode (LFV 2.x): the `id` of the input the test events enter through.
    public var inputPlugin: String?
    /// Daemon mode: compare `@metadata` too.
    public var exportMetadata = false
    /// Daemon mode: add `__lfv_out_passed: <output id>` to each event.
    public var exportOutputs = false
    /// Whether the file itself sets `codec` (daemon mode then uses it instead of the input's).
    public var codecIsSet = false

    /// Reads a `.json`, `.yaml` or `.yml` file.
    public static func load(_ path: String) throws -> TestCaseFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let value: Value
        if path.hasSuffix(".json") {
            value = try JSONReader.parse([UInt8](data))
        } else if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            // YAML 1.1 as LFV reads it: yes/no are booleans, timestamps stay strings.
            let text = String(decoding: data, as: UTF8.self)
            value = try YAMLValues.load(text)
        } else {
            throw TestError("\(path): test files must be .json, .yaml or .yml")
        }
        guard case .object(let root) = value else { throw TestError("\(path): the file is not an object") }
        var file = TestCaseFile(
            path: path, codec: root["codec"]?.stringValue ?? "line", fields: root["fields"]?.objectValue ?? OrderedObject(),
            ignore: (root["ignore"]?.arrayValue ?? []).compactMap(\.stringValue), cases: [])
        if root["fields"]?.isNull == true { throw TestError("\(path): fields must not be null") }
        file.inputPlugin = root["input_plugin"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        file.exportMetadata = root["export_metadata"] == .bool(true)
        file.exportOutputs = root["export_outputs"] == .bool(true)
        file.codecIsSet = root["codec"] != nil
        // Legacy (LFV 1.x) top-level input/expected come first.
        if root["input"] != nil || root["expected"] != nil {
            file.cases.append(Case(input: strings(root["input"]), expected: objects(root["expected"]), description: nil))
        }
        for case .object(let entry) in root["testcases"]?.arrayValue ?? [] {
            file.cases.append(
                Case(
                    input: strings(entry["input"]), expected: objects(entry["expected"]), description: entry["description"]?.stringValue,
                    fields: entry["fields"]?.objectValue ?? OrderedObject()))
        }
        if file.codecIsSet && file.codec == "json_lines" {
            let name = (path as NSString).lastPathComponent
            for i in file.cases.indices {
                for j in file.cases[i].input.indices {
                    let label = file.cases[i].description.map { "\"\($0)\"" } ?? "\(i + 1)"
                    file.cases[i].input[j] = try jsonDocument(file.cases[i].input[j], where: "\(name): test case \(label), input \(j + 1)")
                }
            }
        }
        return file
    }

    /// A `json_lines` input string as LFV sends it (../shared/SPEC/lfv-format.md §3, §8 rule 5):
    /// one JSON object, whatever whitespace and newlines it is written with, `[a][b]` keys
    /// expanded, re-encoded compactly with sorted keys as one line.
    static func jsonDocument(_ text: String, where place: String) throws -> String {
        let parsed: Value
        do {
            parsed = try JSONReader.parse(Array(text.utf8))
        } catch {
            throw TestError("\(place) is not valid JSON (codec json_lines takes one JSON object per input): \(error)")
        }
        guard case .object(let object) = parsed else {
            throw TestError("\(place) is not a JSON object (codec json_lines takes one JSON object per input)")
        }
        return JSONWriter.string(.object(sorted(EventComparison.expand(object))))
    }

    /// Keys sorted at every level, as Go's encoder writes them.
    static func sorted(_ object: OrderedObject) -> OrderedObject {
        var out = OrderedObject()
        for key in object.keys.sorted() {
            let value = object[key]!
            out[key] = value.objectValue.map { .object(sorted($0)) } ?? value
        }
        return out
    }

    static func strings(_ value: Value?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
    static func objects(_ value: Value?) -> [OrderedObject] { (value?.arrayValue ?? []).compactMap(\.objectValue) }
}

/// A test file that cannot be used.
public struct TestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
