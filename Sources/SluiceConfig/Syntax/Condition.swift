/// A condition of an `if`, as parsed (`and` binds tighter than `or`; chains nest to the right).
public indirect enum Condition: Sendable, Hashable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case xor(Condition, Condition)
    case nand(Condition, Condition)
    case not(Condition)
    case compare(Operand, ComparisonOperator, Operand)
    /// `left =~ pattern` (`negated`: `!~`).
    case matches(Operand, pattern: RegexLiteral, negated: Bool)
    /// `left in right`.
    case isIn(Operand, Operand)
    /// A lone operand: true unless missing, null, `false`, `""` or `"false"`.
    case truthy(Operand)
}

public enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
}

/// A regular expression written in a condition (`/re/` or a quoted string), with its place.
public struct RegexLiteral: Sendable, Hashable {
    public var source: String
    public var location: SourceLocation

    public init(source: String, location: SourceLocation) {
        self.source = source
        self.location = location
    }
}

/// One side of a comparison.
public enum Operand: Sendable, Hashable {
    /// `[a][b]`: a field of the event (the text as written, parsed into a `FieldPath` by the checker).
    case field(String, SourceLocation)
    /// A literal: string, number or list.
    case value(ConfigValue)
    case regex(RegexLiteral)
    /// `name(args)`: parsed, as Logstash does, but never evaluated.
    case methodCall(String, [Operand], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .field(_, let location), .methodCall(_, _, let location): location
        case .value(let value): value.location
        case .regex(let regex): regex.location
        }
    }
}
