import SluiceConfig
import SluiceCore
import SluiceLumberjack

/// What `sluice-fuzz` feeds arbitrary bytes to. Each target must never crash, hang or grow
/// without bound; the JSON target also checks that what it reads writes back to the same value.
enum FuzzTarget: String, CaseIterable {
    case json, config, lumberjack, date, template

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
        }
    }
}
