public import SluiceConfig
public import SluiceCore

/// A condition compiled for evaluation: field references parsed, regexes compiled, constant
/// sub-conditions folded. Not `Sendable` (compiled regexes are not): each worker compiles its own.
public indirect enum Predicate {
    case constant(Bool)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case xor(Predicate, Predicate)
    case nand(Predicate, Predicate)
    case not(Predicate)
    case truthy(PredicateOperand)
    case compare(PredicateOperand, ComparisonOperator, PredicateOperand)
    case matches(PredicateOperand, Regex<AnyRegexOutput>, negated: Bool)
    case isIn(PredicateOperand, PredicateOperand)
}

/// One side of a compiled comparison.
public enum PredicateOperand {
    case field(FieldPath)
    case literal(Value)

    func value(in event: Event) -> Value? {
        switch self {
        case .field(let path): event[path]
        case .literal(let value): value
        }
    }

    var isField: Bool {
        if case .field = self { return true }
        return false
    }
}

/// Why a condition could not be evaluated for an event (Logstash drops such an event).
public struct ConditionError: Error, Sendable, Hashable {
    public let message: String
}
