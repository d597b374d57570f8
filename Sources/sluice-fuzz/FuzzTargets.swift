import SluiceConfig
import SluiceCore
import SluiceLumberjack
import SluiceParsers
import SluiceRegex
import SluiceXML

/// What `sluice-fuzz` feeds arbitrary bytes to. Each target must never crash, hang or grow
/// without bound; the JSON target also checks that what it reads writes back to the same value.
enum FuzzTarget: String, CaseIterable {
    case json, config, lumberjack, date, template, grok, dissect, kv, csv, xml

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .json:
            guard let value = try? JSONReader.parse(bytes) else { return }
            let written = JSONWriter.string(value)
            guard let again = try? JSONReader.parse(written) else { fatalError("written JSON does not parse: \(written)") }
            precondition(again == value, "JSON round trip changed the value: \(written)")
        case .config:
            let source = ConfigSource(name: "fuzz.conf", bytes: Array(bytes))
            if case .success(let config) = PipelineConfig.parse([source]) {
                _ = ConfigChecker(catalog: nil, environment: [:]).check(config)
            }
        case .lumberjack:
            var limits = LumberjackLimits()
            limits.maxInflated = 1 << 20
            limits.maxPayload = 1 << 20
            let parser = LumberjackParser(limits: limits)
            var offset = 0
            while offset < bytes.count {
                guard case .frames(_, let consumed)? = try? parser.next(UnsafeRawBufferPointer(rebasing: bytes[offset...])) else { return }
                precondition(consumed > 0, "the parser consumed nothing")
                offset += consumed
            }
        case .date:
            // First line: a Joda pattern; the rest: text to parse with it.
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let pattern = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<newline]), as: UTF8.self)
            guard let compiled = try? DatePattern(pattern) else { return }
            let rest = newline < bytes.count ? UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...]) : UnsafeRawBufferPointer(start: nil, count: 0)
            _ = compiled.parse(rest)
            var out = ByteSink(capacity: 64)
            compiled.format(Timestamp(epochSeconds: 1_705_314_600), into: &out)
        case .template:
            guard let template = try? Template(String(decoding: bytes, as: UTF8.self)) else { return }
            var event = Event(message: "fuzz", timestamp: Timestamp(epochSeconds: 1_705_314_600))
            event.fields["a"] = ["b": [1, "two", .null]]
            _ = template.render(event)
        case .grok:
            // First line: a grok expression over the ECS set; the rest: lines to match, each step-limited.
            let (first, rest) = Self.firstLine(bytes)
            guard let expression = try? GrokExpression(first, definitions: GrokPatternSet.builtIn(ecs: true), namedCapturesOnly: true, target: nil),
                let regex = try? OnigurumaRegex(expression.regex, retryLimit: 100_000)
            else { return }
            for line in rest.split(separator: "\n", omittingEmptySubsequences: false) {
                var text = String(line)
                if text.withUTF8({ regex.search(UnsafeRawBufferPointer($0)) }) == .matched {
                    for capture in expression.captures { _ = regex.group(named: capture.group).flatMap(regex.range(of:)) }
                }
            }
        case .dissect:
            // First line: a dissect mapping; the rest: lines to split. Ranges must lie in the line.
            let (first, rest) = Self.firstLine(bytes)
            guard let pattern = try? DissectPattern(first) else { return }
            for line in rest.split(separator: "\n", omittingEmptySubsequences: false) {
                let text = String(line)
                guard let ranges = pattern.match(text) else { continue }
                precondition(ranges.count == pattern.fields.count, "one range per field")
                for range in ranges { precondition(range.lowerBound >= 0 && range.upperBound <= text.utf8.count, "a range outside the line") }
            }
        case .csv:
            // First byte: the separator and quote; the rest: a row. Every field lies inside the row.
            guard let selector = bytes.first else { return }
            let dialect = Self.csvDialects[Int(selector) % Self.csvDialects.count]
            let row = UnsafeRawBufferPointer(rebasing: bytes[1...])
            guard let fields = try? CSVLineParser(separator: dialect.separator, quote: dialect.quote).parse(row) else { return }
            precondition(!fields.isEmpty, "a parsed row has a field")
            for case .bytes(let range) in fields { precondition(range.lowerBound >= 0 && range.upperBound <= row.count, "a field outside the row") }
        case .xml:
            // First byte: the mapping and parser settings; the rest: a document. Whatever parses
            // maps to a value that writes as JSON, and every XPath result is text.
            guard let selector = bytes.first else { return }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
            let options = XMLParseOptions(strict: selector & 1 != 0)
            guard let document = try? XMLDocument(parsing: text, options: options) else { return }
            let mapping = XMLSimpleMapping(forceArray: selector & 2 != 0, forceContent: selector & 4 != 0, suppressEmpty: selector & 8 != 0)
            if let value = mapping.value(of: document.root) {
                precondition((try? JSONReader.parse(JSONWriter.string(value))) != nil, "the mapped document does not write as JSON")
            }
            for expression in ["//*", "//@*", "//text()", "count(//*)", "name(/*)", "//*[1]/.."] {
                _ = document.evaluate(expression, namespaces: [])
            }
            if selector & 16 != 0 {
                document.removeNamespaces()
                _ = mapping.value(of: document.root)
                _ = document.evaluate("//*", namespaces: [])
            }
        case .kv:
            // First byte: the settings; the rest: a text. The byte scanner must find exactly the
            // pairs of Logstash's scan regex (when it takes the settings and the text has no backslash).
            guard let selector = bytes.first else { return }
            let settings = Self.kvSettings[Int(selector) % Self.kvSettings.count]
            let text = UnsafeRawBufferPointer(rebasing: bytes[1...])
            let plan = KVRegexPlan(
                fieldSplit: settings.field, valueSplit: settings.value, fieldSplitPattern: nil, valueSplitPattern: nil,
                lenient: settings.lenient, includeBrackets: settings.brackets)
            guard let regex = try? KVRegexScanner(plan, retryLimit: 1_000_000), let f = try? KVCharacterClass(settings.field),
                let v = try? KVCharacterClass(settings.value),
                let scanner = KVByteScanner(fieldSplit: f, valueSplit: v, lenient: settings.lenient, includeBrackets: settings.brackets)
            else { fatalError("the fuzzed kv settings are all byte-scannable: \(settings)") }
            // Both work on valid UTF-8, as an event's strings are.
            var valid = String(decoding: text, as: UTF8.self)
            valid.withUTF8 { raw in
                let utf8 = UnsafeRawBufferPointer(raw)
                var fromRegex: [KVPair] = []
                guard regex.scan(utf8, into: &fromRegex) else { return }
                if utf8.contains(UInt8(ascii: "\\")) { return }
                var fromBytes: [KVPair] = []
                scanner.scan(utf8, into: &fromBytes)
                precondition(fromBytes == fromRegex, "kv scanners disagree on \(String(decoding: utf8, as: UTF8.self).debugDescription) with \(settings)")
            }
        }
    }

    static let csvDialects: [(separator: [UInt8], quote: UInt8?)] = [
        (Array(",".utf8), UInt8(ascii: "\"")), (Array(";".utf8), UInt8(ascii: "'")), (Array("\t".utf8), nil), (Array("||".utf8), UInt8(ascii: "\"")),
    ]

    static func firstLine(_ bytes: UnsafeRawBufferPointer) -> (String, String) {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let first = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<newline]), as: UTF8.self)
        let rest = newline < bytes.count ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...]), as: UTF8.self) : ""
        return (first, rest)
    }

    static let kvSettings: [(field: String, value: String, lenient: Bool, brackets: Bool)] = [
        (" ", "=", true, true), (" ", "=", false, true), (" ", "=", true, false), ("|", "=", true, true), ("&?", ":", true, true),
        (", ", "=:", false, true), ("\r\n", ":", true, true), ("\\t", "=", true, true),
    ]
}
