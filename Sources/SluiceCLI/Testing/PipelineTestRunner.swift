import Foundation
public import SluiceConfig
public import SluiceCore
import SluicePlugins
import SluiceRuntime

/// `sluice test`: runs a pipeline's filter section (conditionals included; inputs and outputs are
/// replaced) over LFV test case files and compares the events with the expected ones.
public enum PipelineTestRunner {
    public struct Report: Sendable {
        public var passed = 0
        public var failed = 0
        public var lines: [String] = []
        /// One entry per comparison, for the JUnit report: file, name, failure text (nil when passed).
        public var results: [(file: String, name: String, failure: String?)] = []

        public var text: String { (lines + ["\(passed) passed, \(failed) failed"]).joined(separator: "\n") }
    }

    public static func run(_ pipeline: CheckedPipeline, files: [TestCaseFile], color: Bool = false, now: Timestamp = .now()) -> Report {
        var report = Report()
        let ok = color ? "\u{1B}[32m✓\u{1B}[0m" : "✓"
        let bad = color ? "\u{1B}[31m✗\u{1B}[0m" : "✗"
        for file in files {
            let name = (file.path as NSString).lastPathComponent
            var chain: FilterChain
            do {
                chain = try FilterChain(pipeline.filters, log: .discarding)
            } catch {
                report.failed += 1
                report.lines.append("\(bad) \(name): cannot build the filters: \(error)")
                report.results.append((name, "filters", "cannot build the filters: \(error)"))
                continue
            }
            var events: [Event]
            if let inputID = file.inputPlugin {
                do {
                    events = try DaemonMode.events(file, inputID: inputID, pipeline: pipeline, chain: &chain, now: now)
                } catch {
                    report.failed += 1
                    report.lines.append("\(bad) \(name): \(error)")
                    report.results.append((name, "input_plugin", "\(error)"))
                    continue
                }
            } else {
                events = inputEvents(file, now: now)
                chain.run(&events, now: now)
            }
            var expected: [(OrderedObject, String?)] = []
            for testCase in file.cases {
                for event in testCase.expected { expected.append((EventComparison.expand(event), testCase.description)) }
            }
            guard events.count == expected.count else {
                report.failed += 1
                report.lines.append("\(bad) \(name): expected \(expected.count) event(s), got \(events.count)")
                report.results.append((name, "event count", "expected \(expected.count) event(s), got \(events.count)"))
                for event in events { report.lines.append("    received: \(JSONWriter.string(.object(actual(event, file))))") }
                continue
            }
            for (i, (event, (want, description))) in zip(events, expected).enumerated() {
                let label = "\(name): event \(i + 1) of \(expected.count)" + (description.map { " (\($0))" } ?? "")
                let differences = EventComparison.differences(expected: want, actual: actual(event, file))
                let caseName = "event \(i + 1)" + (description.map { " (\($0))" } ?? "")
                if differences.isEmpty {
                    report.passed += 1
                    report.lines.append("\(ok) \(label)")
                    report.results.append((name, caseName, nil))
                } else {
                    report.failed += 1
                    report.lines.append("\(bad) \(label)")
                    for difference in differences { report.lines.append("    \(difference)") }
                    report.results.append((name, caseName, differences.map(\.description).joined(separator: "\n")))
                }
            }
        }
        return report
    }

    /// The event as it is compared: JSON without the ignored fields; `@metadata` only when a daemon
    /// file exports it (without LFV's own `__lfv_`/`__tmp_` keys, and omitted when empty).
    static func actual(_ event: Event, _ file: TestCaseFile) -> OrderedObject {
        var object = EventComparison.actualObject(event, ignore: file.ignore)
        if file.inputPlugin != nil && file.exportMetadata {
            var metadata = OrderedObject()
            for (key, value) in event.metadata where !key.hasPrefix("__lfv_") && !key.hasPrefix("__tmp_") { metadata[key] = value }
            if !metadata.isEmpty { object["@metadata"] = .object(metadata) }
        }
        return object
    }

    /// A JUnit XML report (one test suite per file, one test case per comparison) for CI systems.
    public static func junit(_ report: Report) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        xml.append("<testsuites tests=\"\(report.results.count)\" failures=\"\(report.failed)\">")
        var files: [String] = []
        for result in report.results where !files.contains(result.file) { files.append(result.file) }
        for file in files {
            let cases = report.results.filter { $0.file == file }
            xml.append("  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\">")
            for result in cases {
                if let failure = result.failure {
                    xml.append("    <testcase classname=\"\(escape(file))\" name=\"\(escape(result.name))\">")
                    xml.append("      <failure message=\"event differs\">\(escape(failure))</failure>")
                    xml.append("    </testcase>")
                } else {
                    xml.append("    <testcase classname=\"\(escape(file))\" name=\"\(escape(result.name))\"/>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    /// Every input line of the file through its codec, with `fields` added as the stdin input's
    /// `add_field` would (sprintf'd; appended into a list when the field exists).
    static func inputEvents(_ file: TestCaseFile, now: Timestamp) -> [Event] {
        var decoder = LineDecoder(codecName: file.codec)
        var events: [Event] = []
        for line in file.cases.flatMap(\.input) {
            Array((line + "\n").utf8).withUnsafeBytes { decoder.decode($0, now: now, into: &events) }
        }
        for i in events.indices {
            for (key, value) in file.fields {
                guard let path = try? FieldPath(parsing: key) else { continue }
                let values = value.arrayValue ?? [value]
                for item in values {
                    let text = (try? Template(Template.text(of: item)).render(events[i])) ?? Template.text(of: item)
                    if let existing = events[i][path] {
                        try? events[i].set(path, to: .array((existing.arrayValue ?? [existing]) + [.string(text)]))
                    } else {
                        try? events[i].set(path, to: .string(text))
                    }
                }
            }
        }
        return events
    }

    /// The test files for a pipeline: the given paths (files or directories), or `NAME.tests/` next
    /// to `NAME.conf`.
    public static func discover(pipeline: String, cases: [String]) throws -> [String] {
        let roots = cases.isEmpty ? [String(pipeline.dropLast((pipeline as NSString).pathExtension.count + 1)) + ".tests"] : cases
        var files: [String] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw TestError("no test cases at \(root)")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
                files += names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "\(root)/\($0)" }
            } else {
                files.append(root)
            }
        }
        return files
    }
}
