import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceRuntime

/// logstash-filter-verifier's daemon semantics (a file with `input_plugin`): events enter through
/// the named input (its codec and decoration), take the filters, and come back once per output
/// they reach (sorted by input position, then output id); an event reaching no output is not
/// returned (../shared/SPEC/lfv-format.md §1, §4).
enum DaemonMode {
    static func events(
        _ file: TestCaseFile, inputID: String, pipeline: CheckedPipeline, chain: inout FilterChain, now: Timestamp
    ) throws -> [Event] {
        let inputs = pipeline.stages(.input)
        guard let input = inputs.first(where: { $0.id == inputID }) else {
            let known = inputs.map(\.id).joined(separator: ", ")
            throw TestError("input_plugin \"\(inputID)\" is not the id of an input of the pipeline (inputs: \(known.isEmpty ? "none" : known))")
        }
        var reader = OptionReader(pluginName: input.name, kind: .input, options: input.options)
        let decoration = InputDecoration(&reader)
        let codec = file.codecIsSet ? file.codec : (input.options.codec()?.name ?? "plain")
        let outputStages = pipeline.stages(.output)
        var router = try OutputRouter(
            pipeline.outputs, outputIndex: Dictionary(uniqueKeysWithValues: outputStages.enumerated().map { ($1.id, $0) }))
        var results: [Event] = []
        for testCase in file.cases {
            var fields = file.fields
            for (key, value) in testCase.fields { fields[key] = value }
            var entering: [Event] = []
            if testCase.input.isEmpty {
                entering = [Event(timestamp: now, fields: OrderedObject())]  // LFV's "dummy" event
            } else {
                for line in testCase.input { entering += decode(line, codec: codec, now: now) }
            }
            for var event in entering {
                for (key, value) in fields {
                    if let path = try? FieldPath(parsing: key) { try? event.set(path, to: value) }
                }
                decoration.apply(to: &event)
                var one = [event]
                chain.run(&one, now: now)
                let routed = router.route(one)
                // Per input position, outputs in id order; one copy per output reached.
                for (index, stage) in outputStages.enumerated().sorted(by: { $0.element.id < $1.element.id }) {
                    for var out in routed[index] {
                        if file.exportOutputs { out.fields["__lfv_out_passed"] = .string(stage.id) }
                        cleanUp(&out)
                        results.append(out)
                    }
                }
            }
        }
        return results
    }

    /// One input string through the input's codec, whole (a multi-line string is one document for
    /// `json`, one message for `plain`; `line` and `json_lines` split it).
    static func decode(_ text: String, codec: String, now: Timestamp) -> [Event] {
        switch codec {
        case "json":
            let bytes = Array(text.utf8)
            if let events = try? bytes.withUnsafeBytes({ try Event.events(fromJSON: $0, now: now) }) { return events }
            var event = Event(message: text, timestamp: now)
            event.tag("_jsonparsefailure")
            return [event]
        case "line", "json_lines":
            var decoder = LineDecoder(codecName: codec)
            var events: [Event] = []
            Array((text + "\n").utf8).withUnsafeBytes { decoder.decode($0, now: now, into: &events) }
            return events
        default:
            return [Event(message: text, timestamp: now)]
        }
    }

    /// LFV's clean-up: its own `__lfv_` tags go, and an empty `tags` list with them.
    static func cleanUp(_ event: inout Event) {
        guard case .array(let tags)? = event.fields["tags"] else { return }
        let kept = tags.filter { !($0.stringValue?.hasPrefix("__lfv_") ?? false) }
        event.fields["tags"] = kept.isEmpty ? nil : .array(kept)
    }
}
