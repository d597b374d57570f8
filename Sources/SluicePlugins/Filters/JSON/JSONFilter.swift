public import SluiceConfig
public import SluiceCore

/// `filter { json { source => "message" } }` with Logstash's behaviour (json filter 3.2.1,
/// ../shared/SPEC/logstash.md §5):
/// - a missing, null or `false` source: nothing happens (no tag, no common options);
/// - with `target`, the parsed value (of any JSON type) is stored there;
/// - without it, the value must be an object whose keys are set on the event as field references;
///   its `@timestamp` becomes the event time (unparseable: now, `_timestampparsefailure`, the
///   original kept in `_@timestamp`);
/// - on failure the event keeps everything but gains the `tag_on_failure` tags (unless
///   `skip_on_invalid_json`), and a warning is logged at most every 10 s.
public struct JSONFilter: Filter {
    let source: FieldPath
    let target: FieldPath?
    let tagOnFailure: [String]
    let skipOnInvalidJSON: Bool
    let common: CommonFilterOptions
    let reader = JSONReader()
    var warnings = WarningLimiter()
    /// Whether objects merged without a `target` may stay unread text (`LazyObject`); off only in
    /// tests that compare both paths.
    var mergesLazily = true

    public init(options: JSONFilterOptions) {
        source = options.source
        target = options.target
        tagOnFailure = options.tagOnFailure
        skipOnInvalidJSON = options.skipOnInvalidJSON
        common = options.common
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        // Through a buffer pointer: reading a field of `events[i]` then borrows the event in
        // place instead of copying it (a copy costs a retain and release per part).
        events.withUnsafeMutableBufferPointer { events in
            for i in events.indices { filter(&events[i], context: context) }
        }
    }

    private mutating func filter(_ event: inout Event, context: FilterContext) {
        guard let raw = event[source], !raw.isNull, raw != .bool(false) else { return }
        if target == nil && mergesLazily, case .string(let text) = raw, mergeLazily(text, into: &event, context: context) {
            common.apply(to: &event)
            return
        }
        let parsed: Value
        do {
            parsed = try parse(raw)
        } catch {
            if skipOnInvalidJSON { return }
            fail(&event, "Error parsing json", ["error": "\(error)"], context)
            return
        }
        if apply(parsed, to: &event, context: context) { common.apply(to: &event) }
    }

    private func parse(_ raw: Value) throws(JSONError) -> Value {
        switch raw {
        case .string(var text):
            let result: Result<Value, JSONError> = text.withUTF8 { bytes in
                Result { () throws(JSONError) -> Value in try reader.parse(UnsafeRawBufferPointer(bytes)) }
            }
            return try result.get()
        default:
            return try JSONReader.parse(Template.text(of: raw))
        }
    }

    /// The fast path for the usual case, a JSON object of plain keys merged at the top level: the
    /// members' string values stay text in the event until read. `false` when the text is not
    /// such an object (the caller takes the full path, which also reports errors).
    private func mergeLazily(_ text: String, into event: inout Event, context: FilterContext) -> Bool {
        guard var object = reader.parseLazily(text) else { return false }
        var hasTimestamp = false
        if !object.hasOnlyPlainKeys {
            for i in 0..<object.count where !LazyObject.isPlainKey(object.key(at: i)) {
                let key = object.key(at: i)
                if key == "@timestamp" {
                    hasTimestamp = true
                } else if key != "@version" {
                    return false
                }
            }
        }
        let timestamp = hasTimestamp ? object.removeValue(forKey: "@timestamp") : nil
        event.merge(consume object)
        if let timestamp { setTimestamp(timestamp, on: &event, context: context) }
        return true
    }

    /// Stores the parsed value; false (and the event tagged) when it cannot be stored.
    private mutating func apply(_ parsed: Value, to event: inout Event, context: FilterContext) -> Bool {
        if let target {
            do {
                try event.set(target, to: parsed)
                return true
            } catch {
                fail(&event, "Exception caught in json filter", ["error": error.message], context)
                return false
            }
        }
        guard case .object(var object) = parsed else {
            fail(&event, "Parsed JSON object/hash requires a target configuration option", [:], context)
            return false
        }
        let timestamp = object.removeValue(forKey: "@timestamp")
        event.fields.reserveCapacity(event.fields.count + object.count)
        for entry in object.entryList {
            // Plain keys (the common case) go straight into the fields; only keys that look like
            // field references, and the special fields, go through FieldPath parsing.
            if LazyObject.isPlainKey(entry.key) {
                event.fields[entry.key] = entry.value
                continue
            }
            do {
                try event.set(try FieldPath(parsing: entry.key), to: entry.value)
            } catch {
                fail(&event, "Exception caught in json filter", ["error": error.message], context)
                return false
            }
        }
        if let timestamp { setTimestamp(timestamp, on: &event, context: context) }
        return true
    }

    /// `@timestamp` from the JSON: the event time, or now with `_timestampparsefailure` and the
    /// original text in `_@timestamp`.
    private func setTimestamp(_ timestamp: Value, on event: inout Event, context: FilterContext) {
        if let parsedTime = Event.timestamp(from: timestamp) {
            event.timestamp = parsedTime
        } else {
            event.timestamp = context.now
            event.tag(Event.timestampParseFailureTag)
            event.fields["_@timestamp"] = .string(Template.text(of: timestamp))
        }
    }


    private mutating func fail(_ event: inout Event, _ message: String, _ metadata: [String: String], _ context: FilterContext) {
        for tag in tagOnFailure { event.tag(tag) }
        var details = metadata
        details["stage"] = context.stageID
        warnings.warn(context.log, message, details, now: context.now)
    }
}
