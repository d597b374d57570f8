import SluiceConfig
import SluiceCore

/// Encodes a parsed pipeline in the notation of `config_grammar_cases.json` (see its README):
/// `{"plugin":name,"args":{...}}`, `"noop"`, `compose_parallel` / `compose_sequence`, `if/then/else`,
/// conditions as `{"and":[l,r]}`, operands as `{"field":...}` / `{"value":...}` / `{"regex":...}`.
enum ConfigShape {
    static func section(_ statements: [Statement], kind: SectionKind) -> Value {
        let encoded = statements.map { statement($0, kind: kind) }
        switch encoded.count {
        case 0: return "noop"
        case 1: return encoded[0]
        default: return .object(object([(kind == .filter ? "compose_sequence" : "compose_parallel", .array(encoded))]))
        }
    }

    static func statement(_ statement: Statement, kind: SectionKind) -> Value {
        switch statement {
        case .plugin(let plugin):
            return plugin_(plugin)
        case .branch(let branch):
            return .object(
                object([
                    ("if", condition(branch.condition)), ("then", section(branch.then, kind: kind)),
                    ("else", section(branch.otherwise, kind: kind)),
                ]))
        }
    }

    static func plugin_(_ plugin: PluginNode) -> Value {
        var pairs: [(String, Value)] = [("plugin", .string(plugin.name))]
        if !plugin.settings.isEmpty {
            pairs.append(("args", .object(object(plugin.settings.map { ($0.name, value($0.value)) }))))
        }
        return .object(object(pairs))
    }

    static func value(_ value: ConfigValue) -> Value {
        switch value.kind {
        case .string(let s), .bareword(let s): .string(s)
        case .integer(let n): .int(n)
        case .float(let d): .double(d)
        case .array(let list): .array(list.map(Self.value))
        case .hash(let entries): .object(object(entries.map { ($0.key.text ?? "", Self.value($0.value)) }))
        case .plugin(let plugin): plugin_(plugin)
        }
    }

    static func condition(_ condition: Condition) -> Value {
        switch condition {
        case .and(let l, let r): pair("and", Self.condition(l), Self.condition(r))
        case .or(let l, let r): pair("or", Self.condition(l), Self.condition(r))
        case .xor(let l, let r): pair("xor", Self.condition(l), Self.condition(r))
        case .nand(let l, let r): pair("nand", Self.condition(l), Self.condition(r))
        case .not(let inner): .object(object([("not", Self.condition(inner))]))
        case .truthy(let operand): .object(object([("truthy", Self.operand(operand))]))
        case .isIn(let l, let r): pair("in", operand(l), operand(r))
        case .matches(let l, let pattern, let negated):
            pair(negated ? "regex_neq" : "regex_eq", operand(l), .object(object([("regex", .string(pattern.source))])))
        case .compare(let l, let op, let r):
            pair(
                [.equal: "eq", .notEqual: "neq", .less: "lt", .greater: "gt", .lessOrEqual: "lte", .greaterOrEqual: "gte"][op]!,
                operand(l), operand(r))
        }
    }

    static func operand(_ operand: Operand) -> Value {
        switch operand {
        case .field(let text, _): .object(object([("field", .string(text))]))
        case .value(let v): .object(object([("value", value(v))]))
        case .regex(let regex): .object(object([("regex", .string(regex.source))]))
        case .methodCall(let name, _, _): .object(object([("method", .string(name))]))
        }
    }

    static func pair(_ name: String, _ left: Value, _ right: Value) -> Value {
        .object(object([(name, .array([left, right]))]))
    }

    static func object(_ pairs: [(String, Value)]) -> OrderedObject {
        var object = OrderedObject()
        for (key, value) in pairs { object[key] = value }
        return object
    }
}
