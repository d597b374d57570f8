import SluiceConfig
public import SluiceCore

/// Evaluates predicates with Logstash's semantics (`EventCondition.java`,
/// ../shared/SPEC/logstash.md §1.6).
public enum PredicateEvaluator {
    /// - Throws: `ConditionError` for an ordering comparison on a missing field or on values of
    ///   different kinds: Logstash drops such an event (and so does the runtime, counting it).
    public static func evaluate(_ predicate: Predicate, on event: Event) throws(ConditionError) -> Bool {
        switch predicate {
        case .constant(let value):
            return value
        case .and(let l, let r):
            guard try evaluate(l, on: event) else { return false }
            return try evaluate(r, on: event)
        case .or(let l, let r):
            if try evaluate(l, on: event) { return true }
            return try evaluate(r, on: event)
        case .xor(let l, let r):
            let a = try evaluate(l, on: event)
            let b = try evaluate(r, on: event)
            return a != b
        case .nand(let l, let r):
            guard try evaluate(l, on: event) else { return true }
            return try !evaluate(r, on: event)
        case .not(let inner):
            return try !evaluate(inner, on: event)
        case .truthy(let operand):
            return operand.value(in: event).map(isTruthy) ?? false
        case .compare(let l, let op, let r):
            return try compare(l.value(in: event), op, r.value(in: event))
        case .matches(let operand, let regex, let negated):
            guard case .string(let text)? = operand.value(in: event) else { return negated }
            let found = (try? regex.firstMatch(in: text)) != nil
            return found != negated
        case .isIn(let l, let r):
            return contains(l, r, event: event)
        }
    }

    /// False for missing, null, `false`, `""` and `"false"`; everything else (0, [], {}) is true.
    static func isTruthy(_ value: Value) -> Bool {
        switch value {
        case .null: false
        case .bool(let b): b
        case .string(let s): !(s.isEmpty || s == "false")
        default: true
        }
    }

    static func compare(_ left: Value?, _ op: ComparisonOperator, _ right: Value?) throws(ConditionError) -> Bool {
        switch op {
        case .equal: return equal(left, right)
        case .notEqual: return !equal(left, right)
        default: break
        }
        guard let left, let right else {
            throw ConditionError(message: "cannot compare a missing field with \(op.rawValue)")
        }
        let order: Int
        switch (numeric(left), numeric(right)) {
        case (let a?, let b?):
            order = a < b ? -1 : (a > b ? 1 : 0)
        default:
            guard case .string(let a) = left, case .string(let b) = right else {
                throw ConditionError(
                    message: "cannot compare \(left.kindName) with \(right.kindName) using \(op.rawValue)")
            }
            order = a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a == b ? 0 : 1)
        }
        switch op {
        case .less: return order < 0
        case .greater: return order > 0
        case .lessOrEqual: return order <= 0
        default: return order >= 0
        }
    }

    static func numeric(_ value: Value) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .double(let d): d
        case .bigNumber(let text): Double(text)
        default: nil
        }
    }

    /// Ruby/Java equality: numbers compare by value (5 == 5.0), a string never equals a number.
    static func equal(_ left: Value?, _ right: Value?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        if let a = numeric(left), let b = numeric(right) { return a == b }
        return left == right
    }

    /// `in` with Logstash's operand-shape rules.
    static func contains(_ l: PredicateOperand, _ r: PredicateOperand, event: Event) -> Bool {
        guard let left = l.value(in: event), let right = r.value(in: event), !left.isNull, !right.isNull else {
            return false
        }
        switch right {
        case .array(let list):
            if case .array = left { return false }
            if case .object = left { return false }
            if !l.isField || !r.isField {
                // [f] in ["a","b"], "s" in [list]: compare as text.
                let needle = Template.text(of: left)
                return list.contains { Template.text(of: $0) == needle }
            }
            return list.contains { equal($0, left) }
        case .string(let haystack):
            guard case .string(let needle) = left else { return false }
            return haystack.contains(needle)
        default:
            if case .array = left { return false }
            if case .object = left { return false }
            return equal(left, right)
        }
    }
}
