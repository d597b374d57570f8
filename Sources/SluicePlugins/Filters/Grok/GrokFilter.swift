public import SluiceCore
import SluiceParsers
import SluiceRegex

/// `filter { grok { ... } }` with logstash-filter-grok's behaviour (../shared/SPEC/grok.md §2):
/// fields in `match` order, each value as text (a list element by element); its patterns in order;
/// on a match its captures are set (empty ones skipped unless `keep_empty_captures`; an existing
/// string becomes a list, a list grows, `overwrite` replaces); with `break_on_match` the first
/// matching pattern ends it. Any match applies the common options once; none adds
/// `tag_on_failure`. A match that exceeds its step limit adds `tag_on_timeout` and stops, with no
/// failure tag, and is counted.
public struct GrokFilter: Filter {
    let options: GrokFilterOptions
    /// Each match's expressions compiled for this worker (with the `\A` form of a `^` expression,
    /// used for texts without a newline; its groups number as the original's).
    let regexes: [[(regex: OnigurumaRegex, anchored: OnigurumaRegex?, groups: [Int?])]]
    /// Matches stopped by the step limit, by this instance.
    private(set) var timeouts = 0

    public init(options: GrokFilterOptions) {
        self.options = options
        regexes = options.matches.map { match in
            match.expressions.map { expression in
                guard let regex = try? OnigurumaRegex(expression.regex, retryLimit: options.retryLimit) else {
                    preconditionFailure("grok expression compiled when decoded: \(expression.source)")
                }
                let anchored = expression.startAnchored.flatMap { try? OnigurumaRegex($0, retryLimit: options.retryLimit) }
                return (regex, anchored, expression.captures.map { regex.group(named: $0.group) })
            }
        }
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let before = timeouts
        for i in events.indices { filter(&events[i]) }
        if timeouts > before {
            context.metrics.add(GrokMetric.timeouts.rawValue, timeouts - before)
            context.log.warning("grok: a match ran past its step limit and was stopped", ["stage": context.stageID, "count": "\(timeouts)"])
        }
    }

    enum Verdict { case matched, noMatch, timedOut }

    mutating func filter(_ event: inout Event) {
        var matched = false
        for (index, match) in options.matches.enumerated() {
            guard let value = event[match.source], !value.isNull else { continue }
            let texts: [String] = value.arrayValue?.map { Template.text(of: $0) } ?? [Template.text(of: value)]
            var fieldMatched = false
            for text in texts {
                switch matchOne(text, index, match, &event) {
                case .matched: fieldMatched = true
                case .noMatch: break
                case .timedOut:
                    timeouts += 1
                    event.tag(options.tagOnTimeout)
                    return
                }
            }
            if fieldMatched {
                matched = true
                if options.breakOnMatch { break }
            }
        }
        if matched {
            options.common.apply(to: &event)
        } else {
            for tag in options.tagOnFailure { event.tag(tag) }
        }
    }

    /// One value against a field's patterns.
    private func matchOne(_ text: String, _ index: Int, _ match: GrokFilterOptions.Match, _ event: inout Event) -> Verdict {
        var any = false
        for (position, compiled) in regexes[index].enumerated() {
            let expression = match.expressions[position]
            let outcome = ByteSearch.withBytes(of: text) { raw -> Verdict in
                let regex: OnigurumaRegex
                if let anchored = compiled.anchored, !ByteSearch.contains(UInt8(ascii: "\n"), in: raw) {
                    regex = anchored
                } else {
                    regex = compiled.regex
                }
                switch regex.search(raw) {
                case .matched:
                    for (capture, group) in zip(expression.captures, compiled.groups) {
                        let range = group.flatMap { regex.range(of: $0) }
                        let captured = range.map { ByteSearch.string(raw, $0) }
                        store(captured, capture, &event)
                    }
                    return .matched
                case .limitExceeded: return .timedOut
                case .noMatch, .failed: return .noMatch
                }
            }
            switch outcome {
            case .timedOut: return .timedOut
            case .matched:
                any = true
                if options.breakOnMatch { return .matched }
            case .noMatch: continue
            }
        }
        return any ? .matched : .noMatch
    }

    /// Sets one capture as grok's `handle` does.
    private func store(_ captured: String?, _ capture: GrokExpression.Capture, _ event: inout Event) {
        guard let captured else {
            if options.keepEmptyCaptures { try? event.set(capture.field, to: .null) }
            return
        }
        if captured.isEmpty && !options.keepEmptyCaptures { return }
        let value: Value
        switch capture.conversion {
        case .string: value = .string(captured)
        case .int: value = .int(GrokFilter.rubyInteger(captured))
        case .float: value = .double(GrokFilter.rubyFloat(captured))
        }
        if options.overwrite.contains(capture.name) {
            try? event.set(capture.field, to: value)
            return
        }
        switch event[capture.field] {
        case nil, .null?:
            try? event.set(capture.field, to: value)
        case .array(let list)?:
            try? event.set(capture.field, to: .array(list + [value]))
        case .string(let existing)?:
            try? event.set(capture.field, to: .array([.string(existing), value]))
        default:
            break  // another type is kept; the capture is dropped (as in Logstash)
        }
    }

    /// Ruby's `to_i`: the leading integer, 0 when none.
    static func rubyInteger(_ text: String) -> Int64 {
        var digits = Substring(text.drop { $0 == " " })
        var sign: Int64 = 1
        if digits.first == "-" || digits.first == "+" {
            if digits.first == "-" { sign = -1 }
            digits = digits.dropFirst()
        }
        let number = digits.prefix { $0.isASCII && $0.isNumber }
        return sign * (Int64(number) ?? 0)
    }

    /// Ruby's `to_f`: the leading decimal number, 0 when none.
    static func rubyFloat(_ text: String) -> Double {
        let trimmed = text.drop { $0 == " " }
        var end = trimmed.startIndex
        var seenDigit = false, seenDot = false, seenExponent = false
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let c = trimmed[index]
            if c.isASCII && c.isNumber {
                seenDigit = true
                end = trimmed.index(after: index)
            } else if (c == "-" || c == "+") && (index == trimmed.startIndex || "eE".contains(trimmed[trimmed.index(before: index)])) {
            } else if c == "." && !seenDot && !seenExponent {
                seenDot = true
            } else if (c == "e" || c == "E") && seenDigit && !seenExponent {
                seenExponent = true
            } else {
                break
            }
            index = trimmed.index(after: index)
        }
        return Double(trimmed[..<end]) ?? 0
    }
}
