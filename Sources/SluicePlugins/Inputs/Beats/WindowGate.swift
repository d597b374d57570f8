import SluiceCore

/// Bounds how many windows all connections of a beats input hold at once between their `W` frame
/// and the pipeline taking the batch. A connection waiting here reads nothing more from its socket,
/// so with many connections memory stays bounded by this count (each window can be thousands of
/// events) instead of growing with the number of connections.
final class WindowGate: Sendable {
    private struct State {
        var available: Int
        var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }

    private let state: Locked<State>

    init(limit: Int) {
        state = Locked(State(available: max(1, limit)))
    }

    /// Takes a place, waiting for one; `false` when the waiting task was cancelled.
    func acquire() async -> Bool {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let granted = state.withLock { state -> Bool? in
                    if Task.isCancelled { return false }
                    if state.available > 0 {
                        state.available -= 1
                        return true
                    }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let granted { continuation.resume(returning: granted) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: false)
        }
    }

    /// How many are waiting for a place.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Gives a place back (to the longest waiter, if any).
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}
