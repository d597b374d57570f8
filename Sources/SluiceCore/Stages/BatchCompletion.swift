/// Fires once every party a batch was handed to has finished with it: the end-to-end
/// acknowledgement that lets an input ACK a Lumberjack window or commit a file offset.
///
/// The runtime `expect`s one party per output that receives events of the batch, and each output
/// runner calls `finish()` once its events are written (or dead-lettered). When the count reaches
/// zero the handler runs, exactly once. A batch that is never finished (a crash, a forced shutdown)
/// never fires: its input does not acknowledge it, so its source will deliver it again.
public final class BatchCompletion: Sendable {
    private struct State {
        var pending: Int
        var sealed: Bool
        var handler: (@Sendable () -> Void)?
    }

    private let state: Locked<State>

    /// - Parameter handler: runs once, on the task of the last `finish()`, when the batch is done.
    public init(_ handler: @escaping @Sendable () -> Void) {
        state = Locked(State(pending: 0, sealed: false, handler: handler))
    }

    /// Adds `count` parties that must finish.
    public func expect(_ count: Int = 1) {
        state.withLock { $0.pending += count }
    }

    /// One party finished. The handler fires when this was the last one and the batch is sealed.
    public func finish() {
        let fire = state.withLock { state -> (@Sendable () -> Void)? in
            state.pending -= 1
            return Self.takeHandlerIfDone(&state)
        }
        fire?()
    }

    /// Says that no more parties will be added; fires at once when none are pending (say, every
    /// event was dropped by a filter).
    public func seal() {
        let fire = state.withLock { state -> (@Sendable () -> Void)? in
            state.sealed = true
            return Self.takeHandlerIfDone(&state)
        }
        fire?()
    }

    /// Whether the handler has run.
    public var isComplete: Bool {
        state.withLock { $0.handler == nil }
    }

    private static func takeHandlerIfDone(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.sealed, state.pending <= 0, let handler = state.handler else { return nil }
        state.handler = nil
        return handler
    }
}
