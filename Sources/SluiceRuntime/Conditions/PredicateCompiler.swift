public import SluiceConfig
import SluiceCore

/// Compiles a checked `Condition` into a `Predicate`.
public enum PredicateCompiler {
    /// - Throws: when a field reference or regex does not compile (the checker has already
    ///   reported these, so a checked config never throws here).
    public static func compile(_ condition: Condition) throws -> Predicate {
        switch condition {
        case .and(let l, let r): return .and(try compile(l), try compile(r))
        case .or(let l, let r): return .or(try compile(l), try compile(r))
        case .xor(let l, let r): return .xor(try compile(l), try compile(r))
        case .nand(let l, let r): return .nand(try compile(l), try compile(r))
        case .not(let inner): return .not(try compile(inner))
        case .truthy(let operand):
            let compiled = try compile(operand)
            if case .literal(let value) = compiled { return .constant(PredicateEvaluator.isTruthy(value)) }
            return .truthy(compiled)
        case .compare(let l, let op, let r):
            return .compare(try compile(l), op, try compile(r))
        case .matches(let l, let pattern, let negated):
            return .matches(try compile(l), try Regex(pattern.source), negated: negated)
        case .isIn(let l, let r):
            return .isIn(try compile(l), try compile(r))
        }
    }

    static func compile(_ operand: Operand) throws -> PredicateOperand {
        switch operand {
        case .field(let text, _): return .field(try FieldPath(parsing: text))
        case .value(let value): return .literal(literal(value))
        case .regex(let regex): return .literal(.string(regex.source))
        case .methodCall(let name, _, _): throw ConditionError(message: "method call \(name)() is not supported")
        }
    }

    static func literal(_ value: ConfigValue) -> Value {
        switch value.kind {
        case .string(let s), .bareword(let s): .string(s)
        case .integer(let n): .int(n)
        case .float(let d): .double(d)
        case .array(let list): .array(list.map(literal))
        case .hash(let entries):
            .object(
                entries.reduce(into: OrderedObject()) { object, entry in object[entry.key.text ?? ""] = literal(entry.value) })
        case .plugin(let plugin): .string(plugin.name)
        }
    }
}
