import Foundation
import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// `shared/vectors/logstash/date_filter_cases.json`.
@Suite struct DateFilterVectorTests {
    static let cases = VectorCase.load("date_filter_cases.json")

    @Test func everyCaseIsLoaded() {
        #expect(Self.cases.count == 80)
    }

    static func settings(_ vector: VectorCase) -> OrderedObject {
        var settings = OrderedObject()
        settings["match"] = vector["match"]
        // A null timezone means the JVM default; the vectors were taken with it set to UTC.
        if let zone = vector["timezone"], !zone.isNull { settings["timezone"] = zone } else { settings["timezone"] = "UTC" }
        if let locale = vector["locale"], !locale.isNull { settings["locale"] = locale }
        for key in ["target", "tag_on_failure", "add_tag"] { if let v = vector[key] { settings[key] = v } }
        return settings
    }

    static func input(_ vector: VectorCase) -> Value? {
        let raw = vector["input"] ?? .null
        switch vector["input_type"]?.stringValue {
        case "bigdecimal": return .bigNumber(raw.stringValue ?? "")
        case "float", "double":
            if case .int(let n) = raw { return .double(Double(n)) }
            return raw
        case "absent": return nil
        default: return raw
        }
    }

    @Test(arguments: cases)
    func dateFilterBehavesAsLogstash(_ vector: VectorCase) throws {
        // Cancelled events never reach a filter in Sluice's runtime: nothing to check here.
        if vector["cancelled"] == .bool(true) { return }
        let block = StageMaker.block("date", Self.settings(vector))
        if vector["expected"] == "config_error" {
            #expect(throws: (any Error).self) {
                _ = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
            }
            return
        }
        var filter = try DateFilter(options: try StageMaker.options(.filter, block, catalog: BuiltinPlugins.catalog))
        let now = vector["clock"]?.stringValue.flatMap { Timestamp(iso8601: $0) } ?? .now()
        let year = String(CivilDateTime(now).year)
        let original = Timestamp(epochSeconds: 1)
        var fields = vector["event_fields"]?.objectValue ?? OrderedObject()
        let field = try FieldPath(parsing: vector["match"]!.arrayValue![0].stringValue!)
        var event = Event(constructingFrom: fields, now: original)
        if let value = Self.input(vector) { try event.set(field, to: value) }
        fields = event.fields
        var events = [event]
        filter.filter(&events, context: FilterContext(stageID: "date", now: now))
        let result = try #require(events.first)
        let target = try FieldPath(parsing: vector["target"]?.stringValue ?? "@timestamp")
        let written: Timestamp? = target.isTimestamp ? result.timestamp : (result[target].flatMap { Event.timestamp(from: $0) })
        switch vector["expected"] {
        case .string(let text)?:
            #expect(written?.iso8601String == text.replacingOccurrences(of: "{{CURRENT_YEAR}}", with: year), "\(vector.name)")
        case .object(let parts)?:
            let expectedYear = parts["year"].map { Template.text(of: $0).replacingOccurrences(of: "{{CURRENT_YEAR}}", with: year) }
            #expect(written.map { String(CivilDateTime($0).year) } == expectedYear)
        case .null?, nil:
            #expect(target.isTimestamp ? result.timestamp == original : !result.includes(target))
        default:
            throw VectorError.malformed
        }
        if let tags = vector["expected_tags"]?.arrayValue {
            #expect(result.tags == tags.compactMap(\.stringValue))
        } else if vector["expected"]?.stringValue != nil {
            #expect(!result.tags.contains { $0.hasSuffix("failure") || $0.hasSuffix("fail") })
        }
    }
}

enum VectorError: Error { case malformed }
