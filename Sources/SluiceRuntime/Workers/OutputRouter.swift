public import SluiceConfig
public import SluiceCore

/// Decides which outputs get which events: the output section's conditionals, compiled.
public struct OutputRouter {
    indirect enum Step {
        case output(Int)
        case branch(Predicate, [Step], [Step])
    }

    let steps: [Step]
    let outputCount: Int
    /// True when there are no conditionals: every output gets every event, with no per-event work.
    let unconditional: Bool
    private(set) var conditionDrops = 0

    /// - Parameter indexOf: the position of each output stage's runner.
    public init(_ statements: [CheckedStatement], outputIndex: [String: Int]) throws {
        func compile(_ statements: [CheckedStatement]) throws -> [Step] {
            try statements.map { statement in
                switch statement {
                case .stage(let stage): return .output(outputIndex[stage.id]!)
                case .branch(let condition, let then, let otherwise, _):
                    return .branch(try PredicateCompiler.compile(condition), try compile(then), try compile(otherwise))
                }
            }
        }
        steps = try compile(statements)
        outputCount = outputIndex.count
        unconditional = steps.allSatisfy { if case .output = $0 { true } else { false } }
    }

    /// The events each output gets, by output position.
    public mutating func route(_ events: [Event]) -> [[Event]] {
        if unconditional {
            var routed = Array(repeating: [Event](), count: outputCount)
            for case .output(let index) in steps { routed[index] = events }
            return routed
        }
        var routed = Array(repeating: [Event](), count: outputCount)
        var targets: [Int] = []
        for event in events {
            targets.removeAll(keepingCapacity: true)
            do {
                try collect(steps, event, &targets)
            } catch {
                conditionDrops += 1
                continue
            }
            // An output named twice on one path still gets the event once (no Set per event).
            for (position, index) in targets.enumerated() where !targets[..<position].contains(index) {
                routed[index].append(event)
            }
        }
        return routed
    }

    private func collect(_ steps: [Step], _ event: Event, _ targets: inout [Int]) throws(ConditionError) {
        for step in steps {
            switch step {
            case .output(let index):
                targets.append(index)
            case .branch(let predicate, let then, let otherwise):
                try collect(PredicateEvaluator.evaluate(predicate, on: event) ? then : otherwise, event, &targets)
            }
        }
    }
}
