/// Events as JSON: what outputs write, and what the `json` codecs read.
extension Event {
    /// Appends the event as one compact JSON object: `@timestamp` first, then the fields in
    /// insertion order; `@metadata` is never written.
    public func appendJSON(to out: inout ByteSink) {
        var timestamps = ISO8601Prefix()
        appendJSON(to: &out, timestamps: &timestamps)
    }

    /// `appendJSON(to:)` for a writer of many events: `timestamps` keeps the last second's date
    /// and time text for the next event.
    public func appendJSON(to out: inout ByteSink, timestamps: inout ISO8601Prefix) {
        withUnsafePointer(to: self) { Event.appendJSON(at: $0, to: &out, timestamps: &timestamps) }
    }

    /// `appendJSON(to:timestamps:)` of the event stored at `event`, read where it lies: an output
    /// encoding a batch passes each event's place in the batch's array. Passed as a value, each
    /// event was copied first (a retain and a release of each of its parts). The caller keeps the
    /// event alive and unchanged for the call.
    public static func appendJSON(at event: UnsafePointer<Event>, to out: inout ByteSink, timestamps: inout ISO8601Prefix) {
        out.append(UInt8(ascii: "{"))
        var needsComma = false
        if let timestamp = event.pointee.timestamp {
            out.append(literal: "\"@timestamp\":\"")
            timestamp.appendISO8601(to: &out, reusing: &timestamps)
            out.append(UInt8(ascii: "\""))
            needsComma = true
        }
        JSONWriter.appendMembers(event.pointee.storedFields, to: &out, needsComma: needsComma)
        if !event.pointee.lazyPart.members.isEmpty {
            event.pointee.lazyPart.appendMembers(to: &out, needsComma: needsComma || !event.pointee.storedFields.isEmpty)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The event as a JSON string (for tests and messages).
    public var jsonString: String {
        var out = ByteSink(capacity: 512)
        appendJSON(to: &out)
        return out.string
    }

    /// Parses a JSON object into an event with Logstash's construction rules
    /// (see `init(constructingFrom:now:)`).
    /// - Throws: `JSONError` when the text is not JSON; `.unexpectedCharacter` at 0 when it is not an object.
    public init(json bytes: UnsafeRawBufferPointer, now: Timestamp, reader: JSONReader? = nil) throws(JSONError) {
        let value: Value
        if let reader {
            value = try reader.parse(bytes)
        } else {
            value = try JSONReader.parse(bytes)
        }
        guard case .object(let object) = value else {
            throw JSONError(.unexpectedCharacter, offset: 0)
        }
        self.init(constructingFrom: object, now: now)
    }
}

extension Event {
    /// The events in a JSON document, as Logstash's `Event.from_json` (the `json` codec) reads it:
    /// blank text gives none, an object gives one event, an array gives one event per object.
    /// - Throws: `JSONError` for text that is not JSON, or JSON that is neither an object nor an
    ///   array of objects (`.unexpectedCharacter` at 0).
    public static func events(fromJSON bytes: UnsafeRawBufferPointer, now: Timestamp) throws(JSONError) -> [Event] {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return [] }
        switch try JSONReader.parse(bytes) {
        case .object(let object):
            return [Event(constructingFrom: object, now: now)]
        case .array(let list):
            var events: [Event] = []
            events.reserveCapacity(list.count)
            for element in list {
                guard case .object(let object) = element else { throw JSONError(.unexpectedCharacter, offset: 0) }
                events.append(Event(constructingFrom: object, now: now))
            }
            return events
        default:
            throw JSONError(.unexpectedCharacter, offset: 0)
        }
    }
}
