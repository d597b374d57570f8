import SluiceCore

/// Deterministic records for the micro-benchmarks, shaped like `shared/tools/gen-logs` output.
enum Workloads {
    /// A small linear congruential generator: same seed, same records, on every machine.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }

        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

        mutating func hex(_ count: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String((0..<count).map { _ in digits[Int(next() % 16)] })
        }
    }

    static let messages = [
        ("main", "logging_middleware", 212, "Request completed"),
        ("main", "logging_middleware", 198, "Request started"),
        ("providers.openai", "chat_completion", 87, "Provider call succeeded"),
        ("router", "select_provider", 54, "Selected provider for request"),
        ("cache", "lookup", 41, "Cache miss for prompt hash"),
        ("billing", "record_usage", 77, "Usage recorded for tenant café-ü"),
        ("providers.openai", "chat_completion", 121, "Upstream returned error: \\\"rate_limit_exceeded\\\""),
    ]

    /// `count` structured service-log lines of about 250 bytes each.
    static func serviceLogLines(count: Int, seed: UInt64 = 42) -> [[UInt8]] {
        var g = Generator(state: seed)
        var lines: [[UInt8]] = []
        lines.reserveCapacity(count)
        var millis: Int64 = 1_705_276_800_000  // 2024-01-15T00:00:00Z
        for _ in 0..<count {
            millis += Int64(g.next() % 500)
            let (module, function, line, message) = g.pick(messages)
            let level = line == 121 ? "ERROR" : (module == "cache" ? "DEBUG" : "INFO")
            let uuid = "\(g.hex(8))-\(g.hex(4))-4\(g.hex(3))-\(g.hex(4))-\(g.hex(12))"
            let text =
                "{\"timestamp\":\"\(iso(millis))\",\"level\":\"\(level)\",\"logger\":\"choreoai\","
                + "\"message\":\"\(message)\",\"module\":\"\(module)\",\"function\":\"\(function)\","
                + "\"line\":\(line),\"request_id\":\"\(uuid)\",\"provider\":\"\(g.pick(["openai", "anthropic", "google"]))\","
                + "\"status_code\":\(g.pick([200, 200, 200, 201, 429, 500]))}"
            lines.append(Array(text.utf8))
        }
        return lines
    }

    /// A beat's document for a log line, as Filebeat ships it: `{"message":"<the line, escaped>"}`.
    static func beatsDocument(_ line: [UInt8]) -> [UInt8] {
        var document = ByteSink(capacity: line.count * 2)
        JSONWriter.append(.object(["message": .string(String(decoding: line, as: UTF8.self))]), to: &document)
        return document.bytes
    }

    /// `count` records of about 2 KB with nested objects, arrays, numbers and escapes.
    static func nestedLines(count: Int, seed: UInt64 = 7) -> [[UInt8]] {
        var g = Generator(state: seed)
        return (0..<count).map { n in
            var text = "{\"@timestamp\":\"2024-01-15T10:30:00.123Z\",\"event\":{\"id\":\(n),\"kind\":\"trace\","
            text += "\"tags\":[\"a\",\"b\\tc\",\"d\\u00e9\"],\"duration_ms\":\(Double(g.next() % 100_000) / 7.0)},"
            text += "\"http\":{\"request\":{\"method\":\"POST\",\"path\":\"/v1/chat/completions\",\"headers\":{"
            for h in 0..<8 { text += "\"x-header-\(h)\":\"\(g.hex(24))\"," }
            text += "\"user-agent\":\"Mozilla/5.0 (X11; Linux x86_64) \\\"quoted\\\"\"}},"
            text += "\"response\":{\"status\":200,\"bytes\":\(g.next())}},\"stack\":["
            for f in 0..<10 {
                text += (f > 0 ? "," : "")
                text += "{\"file\":\"/srv/app/module_\(f).py\",\"line\":\(g.next() % 900),\"fn\":\"handler_\(g.hex(6))\","
                text += "\"source\":\"    result = call(\\\"arg\\\")\\n    return result\"}"
            }
            text += "],\"message\":\"Line one\\nLine two\\twith tab and unicode \\u2603 snowman and emoji \\ud83d\\ude00\"}"
            return Array(text.utf8)
        }
    }

    /// ISO8601 timestamps in several of the accepted shapes.
    static func timestamps(count: Int) -> [[UInt8]] {
        var g = Generator(state: 3)
        let shapes = ["Z", ".123Z", ".123456Z", "+05:30", "-0800"]
        return (0..<count).map { _ in
            let millis = 1_705_276_800_000 + Int64(g.next() % 200_000_000_000)
            var text = String(iso(millis).prefix(19))
            text += g.pick(shapes)
            return Array(text.utf8)
        }
    }

    static func iso(_ millis: Int64) -> String {
        Timestamp(epochMilliseconds: millis).iso8601String
    }
}

