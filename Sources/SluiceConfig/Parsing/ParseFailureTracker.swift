/// Remembers the furthest place the parser could not go past and what it expected there, the way
/// a PEG parser reports errors: the furthest failure is almost always the real mistake.
struct ParseFailureTracker {
    private(set) var offset = -1
    private(set) var expected: [String] = []
    /// A message that replaces the expectation list (for errors that are not about a missing token).
    private(set) var message: String?

    mutating func expect(_ what: String, at position: Int) {
        if position > offset {
            offset = position
            expected.removeAll(keepingCapacity: true)
            expected.append(what)
            message = nil
        } else if position == offset && !expected.contains(what) {
            expected.append(what)
        }
    }

    /// Records a failure with its own message, which wins at that position.
    mutating func fail(_ text: String, at position: Int) {
        if position >= offset {
            offset = position
            message = text
        }
    }

    /// "expected one of a, b or c" in a stable order.
    var expectationText: String {
        // Space and comments may go almost anywhere; naming them only helps when nothing else fits.
        let meaningful = expected.filter { $0 != "whitespace" && $0 != "\"#\"" }
        let shown = meaningful.isEmpty ? expected : meaningful
        let sorted = shown.sorted { lhs, rhs in
            // Quoted tokens first, then descriptions.
            let lq = lhs.hasPrefix("\""), rq = rhs.hasPrefix("\"")
            return lq != rq ? lq : lhs < rhs
        }
        switch sorted.count {
        case 0: return "unexpected input"
        case 1: return "expected \(sorted[0])"
        default: return "expected one of \(sorted.dropLast().joined(separator: ", ")) or \(sorted.last!)"
        }
    }
}
