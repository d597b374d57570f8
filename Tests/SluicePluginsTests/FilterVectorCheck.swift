import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport

/// Runs one case of the shared grok/dissect/kv vector files (../shared/vectors/logstash/README.md,
/// "Common keys") through the real filter and lists what does not hold.
enum FilterVectorCheck {
    /// What went wrong with a case (empty: it passed).
    static func problems(_ testCase: VectorCase, plugin: String, extra: String = "") -> [String] {
        let settings = testCase["filter"]?.objectValue ?? OrderedObject()
        var block = String(StageMaker.block(plugin, settings).dropLast(1) + extra + "}")
        var directories: [String] = []
        for (key, placeholder) in [("pattern_files", "{{PATTERNS_DIR}}"), ("dictionary_files", "{{DICT_DIR}}"), ("network_files", "{{NETWORK_DIR}}")] {
            guard let files = testCase[key]?.objectValue, let scratch = try? ScratchDirectory("sluice-vector-files") else { continue }
            directories.append(scratch.path)
            for (name, content) in files {
                let path = "\(scratch.path)/\(name)"
                if name.hasSuffix("/") {
                    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                } else {
                    try? Data((content.stringValue ?? "").utf8).write(to: URL(fileURLWithPath: path))
                }
            }
            block = block.replacingOccurrences(of: placeholder, with: scratch.path)
        }
        if block.contains("{{DATABASE_DIR}}") {
            switch TestGeoIPDatabases.built {
            case .success(let directory): block = block.replacingOccurrences(of: "{{DATABASE_DIR}}", with: directory)
            case .failure(let failure): return [failure.description]
            }
        }
        let kind = testCase["kind"]?.stringValue ?? "match"
        let filter: any Filter
        do {
            filter = try StageMaker.filter(String(block), catalog: BuiltinPlugins.catalog)
        } catch {
            return kind == "config_error" ? [] : ["the config was refused: \(error)"]
        }
        switch kind {
        case "config_error": return ["the config was accepted: \(block)"]
        case "config_ok": return []
        default: break
        }
        var chain = filter
        if let steps = testCase["event_sequence"]?.arrayValue {
            return sequenceProblems(testCase, steps: steps, filter: &chain, plugin: plugin, directory: directories.last)
        }
        var events = [Event(constructingFrom: testCase["input_event"]?.objectValue ?? OrderedObject(), now: Timestamp(epochSeconds: 0))]
        chain.filter(&events, context: FilterContext(stageID: plugin, now: Timestamp(epochSeconds: 0)))
        let cancelled = testCase["expected_cancelled"].map { $0 == .bool(true) }
        guard let event = events.first else { return cancelled == true ? [] : ["the event was dropped"] }
        if cancelled == true { return ["the event should have been dropped"] }
        var out: [String] = []
        if case .int(let count)? = testCase["expected_event_count"], events.count != Int(count) {
            out.append("expected \(count) events, got \(events.count)")
        }
        if let expectedEvents = testCase["expected_events"]?.arrayValue {
            if expectedEvents.count != events.count { out.append("expected \(expectedEvents.count) events, got \(events.count)") }
            for (index, (spec, actual)) in zip(expectedEvents, events).enumerated() {
                let object = spec.objectValue ?? OrderedObject()
                out += eventProblems(actual, { object[$0] }).map { "event \(index): \($0)" }
            }
        }
        return out + eventProblems(event, { testCase[$0] })
    }

    /// A case's `event_sequence`: each step's event through the same filter instance, its own
    /// expectations checked, then `expected_same_across_events`.
    /// File steps: `rewrite_files` writes into the case's files directory; `reload` has the
    /// filter read its files again (the spec's forced reload); `wait_seconds` moves the batches'
    /// clock that far on.
    static func sequenceProblems(_ testCase: VectorCase, steps: [Value], filter: inout any Filter, plugin: String, directory: String?) -> [String] {
        var out: [String] = []
        var results: [Int: Event] = [:]
        var clock: Int64 = 0
        for (index, step) in steps.enumerated() {
            guard let object = step.objectValue else { continue }
            for (name, content) in object["rewrite_files"]?.objectValue ?? OrderedObject() {
                guard let directory else { return ["step \(index): rewrite_files without a files directory"] }
                try? Data((content.stringValue ?? "").utf8).write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
            }
            if object["reload"] == .bool(true) {
                guard let reloading = filter as? any FileReloadingFilter else { return ["step \(index): the filter reads no files"] }
                reloading.reloadFiles()
            }
            if case .int(let seconds)? = object["wait_seconds"] { clock += seconds }
            if case .double(let seconds)? = object["wait_seconds"] { clock += Int64(seconds.rounded(.up)) }
            guard let input = object["input_event"]?.objectValue else { continue }
            var events = [Event(constructingFrom: input, now: Timestamp(epochSeconds: 0))]
            filter.filter(&events, context: FilterContext(stageID: plugin, now: Timestamp(epochSeconds: clock)))
            guard let event = events.first else {
                out.append("step \(index): the event was dropped")
                continue
            }
            results[index] = event
            out += eventProblems(event, { object[$0] }).map { "step \(index): \($0)" }
        }
        for same in testCase["expected_same_across_events"]?.arrayValue ?? [] {
            let steps = (same.objectValue?["steps"]?.arrayValue ?? []).compactMap { value -> Int? in
                if case .int(let step) = value { Int(step) } else { nil }
            }
            for case .string(let reference) in same.objectValue?["fields"]?.arrayValue ?? [] {
                guard let path = try? FieldPath(parsing: reference) else { continue }
                let values = steps.map { results[$0].flatMap { $0[path] } }
                if values.contains(where: { $0 == nil }) || Set(values.map { $0.map(JSONWriter.string) }).count != 1 {
                    out.append("\(reference) differs across steps \(steps): \(values.map { $0.map(JSONWriter.string) ?? "nothing" })")
                }
            }
        }
        return out
    }

    /// The checks of one event against a case's (or an `expected_events` entry's) keys.
    static func eventProblems(_ event: Event, _ testCase: (String) -> Value?) -> [String] {
        var out: [String] = []
        for case .string(let reference) in testCase("expected_non_null_fields")?.arrayValue ?? [] {
            let value = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            if value == nil || value == .null { out.append("\(reference) should be set") }
        }
        for (key, atMost) in [("expected_bytesize", false), ("expected_max_bytesize", true)] {
            for (reference, size) in testCase(key)?.objectValue ?? OrderedObject() {
                guard case .int(let want) = size else { continue }
                let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }?.stringValue?.utf8.count
                if let actual, atMost ? actual > Int(want) : actual != Int(want) {
                    out.append("\(reference): \(actual) bytes, expected \(atMost ? "at most " : "")\(want)")
                } else if actual == nil {
                    out.append("\(reference): no string")
                }
            }
        }
        for (reference, expected) in testCase("expected_fields")?.objectValue ?? OrderedObject() {
            let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            if !equal(expected, actual) { out.append("\(reference): expected \(JSONWriter.string(expected)), got \(actual.map(JSONWriter.string) ?? "nothing")") }
        }
        for (reference, unwanted) in testCase("expected_fields_not")?.objectValue ?? OrderedObject() {
            let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            if let actual, equal(unwanted, actual) { out.append("\(reference) should not be \(JSONWriter.string(unwanted))") }
        }
        for (reference, count) in testCase("expected_counts")?.objectValue ?? OrderedObject() {
            let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            let size: Int? =
                switch actual {
                case .object(let object)?: object.count
                case .array(let list)?: list.count
                default: nil
                }
            if case .int(let want) = count, size != Int(want) { out.append("\(reference): expected \(want) entries, got \(size.map(String.init) ?? "none")") }
        }
        for (reference, text) in testCase("expected_fields_as_string")?.objectValue ?? OrderedObject() {
            let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            if actual.map(Template.text(of:)) != text.stringValue {
                out.append("\(reference): expected \(text.stringValue ?? "?") as text, got \(actual.map(Template.text(of:)) ?? "nothing")")
            }
        }
        for case .string(let reference) in testCase("expected_absent_fields")?.arrayValue ?? [] {
            if let value = (try? FieldPath(parsing: reference)).flatMap({ event[$0] }), !value.isNull {
                out.append("\(reference) should be absent, is \(JSONWriter.string(value))")
            }
        }
        for case .string(let reference) in testCase("expected_present_fields")?.arrayValue ?? [] {
            if (try? FieldPath(parsing: reference)).map({ event.includes($0) }) != true { out.append("\(reference) should be present") }
        }
        let tags = (event.fields["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let expected = testCase("expected_tags") {
            let want = (expected.arrayValue ?? []).compactMap(\.stringValue)
            if tags != want { out.append("tags: expected \(want), got \(tags)") }
        }
        for case .string(let tag) in testCase("expected_tags_include")?.arrayValue ?? [] where !tags.contains(tag) {
            out.append("tags should include \(tag): \(tags)")
        }
        for case .string(let tag) in testCase("expected_tags_exclude")?.arrayValue ?? [] where tags.contains(tag) {
            out.append("tags should not include \(tag)")
        }
        for (reference, type) in testCase("expected_types")?.objectValue ?? OrderedObject() {
            let actual = (try? FieldPath(parsing: reference)).flatMap { event[$0] }
            let name: String? =
                switch actual {
                case .int?: "Integer"
                case .double?: "Float"
                case .string?: "String"
                case .object?: "Hash"
                case .array?: "Array"
                case .timestamp?: "LogStash::Timestamp"
                default: nil
                }
            if name != type.stringValue { out.append("\(reference): expected a \(type.stringValue ?? "?"), got \(name ?? "nothing")") }
        }
        let keys = Set(event.fields.keys + ["@timestamp", "@version"])
        if let allowed = testCase("allowed_top_level_keys")?.arrayValue {
            let extra = keys.subtracting(allowed.compactMap(\.stringValue))
            if !extra.isEmpty { out.append("unexpected top-level keys \(extra.sorted())") }
        }
        if let exact = testCase("expected_top_level_keys")?.arrayValue, keys != Set(exact.compactMap(\.stringValue)) {
            out.append("top-level keys: expected \(exact.compactMap(\.stringValue).sorted()), got \(keys.sorted())")
        }
        return out
    }

    /// Ruby `==` as the specs use it: 1 == 1.0, objects equal whole, arrays in order.
    static func equal(_ expected: Value, _ actual: Value?) -> Bool {
        guard let actual else { return expected.isNull }
        switch (expected, actual) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.double(let a), .double(let b)): return a == b || abs(a - b) <= abs(a) * 1e-12
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in equal(value, b[key]) }
        default: return expected == actual
        }
    }
}
