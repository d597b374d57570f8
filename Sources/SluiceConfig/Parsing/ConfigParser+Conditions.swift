extension ConfigParser {
    /// `if cond { } { else if cond { } } [else { }]`, desugared into nested branches.
    mutating func parseBranch() -> Branch? {
        let start = position
        position += 2  // "if"
        skipSpace()
        guard let condition = parseCondition() else { return nil }
        skipSpace()
        guard take("{") else { return nil }
        guard let then = parseStatements() else { return nil }
        var clauses: [(Condition, [Statement], Int)] = [(condition, then, start)]
        var otherwise: [Statement] = []
        while true {
            let save = position
            skipSpace()
            guard atKeyword("else") else {
                position = save
                break
            }
            let elseStart = position
            position += 4
            skipSpace()
            if atKeyword("if") {
                position += 2
                skipSpace()
                guard let elseCondition = parseCondition() else { return nil }
                skipSpace()
                guard take("{") else { return nil }
                guard let body = parseStatements() else { return nil }
                clauses.append((elseCondition, body, elseStart))
                continue
            }
            guard take("{") else { return nil }
            guard let body = parseStatements() else { return nil }
            otherwise = body
            break
        }
        for (condition, body, offset) in clauses.reversed() {
            let branch = Branch(condition: condition, then: body, otherwise: otherwise, location: location(offset))
            otherwise = [.branch(branch)]
        }
        guard case .branch(let outer) = otherwise.first else { return nil }
        return outer
    }

    enum BooleanOperator: String {
        case and, or, xor, nand

        /// Logstash's precedences; `xor` and `nand` have none and may only stand alone.
        var precedence: Int? {
            switch self {
            case .and: 2
            case .or: 1
            case .xor, .nand: nil
            }
        }
    }

    /// `expression { cs bool_op cs expression }`, combined exactly as Logstash's
    /// `Condition#join_conditions` does (a shunting yard that pops at most one operator).
    mutating func parseCondition() -> Condition? {
        guard enterNesting() else { return nil }
        defer { leaveNesting() }
        let start = position
        guard let first = parseExpression() else { return nil }
        var expressions = [first]
        var operators: [BooleanOperator] = []
        while true {
            let save = position
            skipSpace()
            var found: BooleanOperator?
            for candidate in [BooleanOperator.and, .nand, .or, .xor] where atKeyword(candidate.rawValue) {
                found = candidate
                break
            }
            guard let op = found else {
                position = save
                break
            }
            position += op.rawValue.utf8.count
            skipSpace()
            guard let next = parseExpression() else { return nil }
            operators.append(op)
            expressions.append(next)
        }
        return combine(expressions, operators, at: start)
    }

    /// Logstash's shunting yard: on an operator, pop one operator from the stack if its precedence is
    /// strictly higher, then push; finally pop the rest; evaluate as RPN. `A and B and C or D` thus
    /// becomes `A and ((B and C) or D)`, as in Logstash.
    mutating func combine(_ expressions: [Condition], _ operators: [BooleanOperator], at start: Int) -> Condition? {
        enum Token {
            case operand(Condition)
            case op(BooleanOperator)
        }
        var output: [Token] = [.operand(expressions[0])]
        var stack: [BooleanOperator] = []
        for (op, expression) in zip(operators, expressions.dropFirst()) {
            if let top = stack.last {
                guard let topPrecedence = top.precedence, let precedence = op.precedence else {
                    // Well-formed text that Logstash cannot compile: report it and keep parsing.
                    diagnostics.append(
                        Diagnostic(
                            .error, at: location(start),
                            "`\(top.rawValue)` and `\(op.rawValue)` cannot be mixed without parentheses",
                            hint: "Logstash gives `xor` and `nand` no precedence; write (A and B) xor C"))
                    return expressions.dropFirst().reduce(expressions[0]) { .and($0, $1) }
                }
                if topPrecedence > precedence { output.append(.op(stack.removeLast())) }
            }
            stack.append(op)
            output.append(.operand(expression))
        }
        output.append(contentsOf: stack.reversed().map(Token.op))
        var values: [Condition] = []
        for token in output {
            switch token {
            case .operand(let condition):
                values.append(condition)
            case .op(let op):
                let right = values.removeLast()
                let left = values.removeLast()
                switch op {
                case .and: values.append(.and(left, right))
                case .or: values.append(.or(left, right))
                case .xor: values.append(.xor(left, right))
                case .nand: values.append(.nand(left, right))
                }
            }
        }
        return values.first
    }

    /// `"(" condition ")" / negative / in / not in / compare / regexp / rvalue`.
    mutating func parseExpression() -> Condition? {
        if peek() == UInt8(ascii: "(") {
            position += 1
            skipSpace()
            guard let inner = parseCondition() else { return nil }
            skipSpace()
            guard take(")") else { return nil }
            return inner
        }
        if peek() == UInt8(ascii: "!") && peek(1) != UInt8(ascii: "=") && peek(1) != UInt8(ascii: "~") {
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "(") {
                position += 1
                skipSpace()
                guard let inner = parseCondition() else { return nil }
                skipSpace()
                guard take(")") else { return nil }
                return .not(inner)
            }
            guard let selector = parseSelector() else {
                failures.expect("\"(\"", at: position)
                return nil
            }
            return .not(.truthy(selector))
        }
        guard let left = parseRValue() else { return nil }
        let afterLeft = position
        skipSpace()
        // in / not in
        if atKeyword("in") {
            position += 2
            skipSpace()
            if let right = parseRValue() { return .isIn(left, right) }
        }
        position = afterLeft
        skipSpace()
        if peekWord("not"), position + 3 < bytes.count, bytes[position + 3] == UInt8(ascii: " ") {
            position += 4
            skipSpace()
            if atKeyword("in") {
                position += 2
                skipSpace()
                if let right = parseRValue() { return .not(.isIn(left, right)) }
            }
        }
        position = afterLeft
        skipSpace()
        for (text, op) in [
            ("==", ComparisonOperator.equal), ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual),
            ("<", .less), (">", .greater),
        ] where hasPrefix(text) {
            position += text.utf8.count
            skipSpace()
            guard let right = parseRValue() else { return nil }
            return .compare(left, op, right)
        }
        for (text, negated) in [("=~", false), ("!~", true)] where hasPrefix(text) {
            position += 2
            skipSpace()
            if peek() == UInt8(ascii: "/") {
                guard let regex = parseRegexLiteral() else { return nil }
                return .matches(left, pattern: regex, negated: negated)
            }
            guard let string = parseQuotedString(), case .string(let text) = string.kind else {
                failures.expect("a regular expression", at: position)
                return nil
            }
            return .matches(left, pattern: RegexLiteral(source: text, location: string.location), negated: negated)
        }
        for token in ["\"==\"", "\"!=\"", "\"<\"", "\">\"", "\"<=\"", "\">=\"", "\"=~\"", "\"!~\"", "\"in\"", "\"not in\""] {
            failures.expect(token, at: position)
        }
        position = afterLeft
        return .truthy(left)
    }

    /// Whether `text` comes next (no allocation: compared byte by byte in place).
    func hasPrefix(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard position + utf8.count <= bytes.count else { return false }
        return bytes[position..<(position + utf8.count)].elementsEqual(utf8)
    }

    /// `rvalue = string / number / selector / array / method_call / regexp`.
    mutating func parseRValue() -> Operand? {
        guard let c = peek() else {
            failures.expect("a value or [field]", at: position)
            return nil
        }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return parseQuotedString().map(Operand.value)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return parseNumber().map(Operand.value)
        case UInt8(ascii: "["):
            let start = position
            if let selector = parseSelector() { return selector }
            position = start
            return parseArray().map(Operand.value)
        case UInt8(ascii: "/"):
            return parseRegexLiteral().map(Operand.regex)
        default:
            let start = position
            if let word = parseBareword(), case .bareword(let name) = word.kind {
                skipSpace()
                if peek() == UInt8(ascii: "(") {
                    position += 1
                    skipSpace()
                    var arguments: [Operand] = []
                    if peek() != UInt8(ascii: ")") {
                        while true {
                            guard let argument = parseRValue() else { return nil }
                            arguments.append(argument)
                            skipSpace()
                            if peek() == UInt8(ascii: ",") {
                                position += 1
                                skipSpace()
                                continue
                            }
                            break
                        }
                    }
                    guard take(")") else { return nil }
                    return .methodCall(name, arguments, location(start))
                }
            }
            position = start
            failures.expect("a value or [field]", at: position)
            return nil
        }
    }

    /// `selector = ("[" /[^\],\[]+/ "]")+`.
    mutating func parseSelector() -> Operand? {
        let start = position
        while peek() == UInt8(ascii: "[") {
            let elementStart = position
            position += 1
            let contentStart = position
            while let c = peek(), c != UInt8(ascii: "]") && c != UInt8(ascii: ",") && c != UInt8(ascii: "[") {
                position += 1
            }
            guard position > contentStart, peek() == UInt8(ascii: "]") else {
                failures.expect("a field name", at: contentStart)
                position = elementStart
                break
            }
            position += 1
        }
        guard position > start else {
            failures.expect("[field]", at: start)
            return nil
        }
        return .field(String(decoding: bytes[start..<position], as: UTF8.self), location(start))
    }
}
