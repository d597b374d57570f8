import SluiceCore

/// Lets a connection wait for the pipeline's acknowledgement of what it sent, waking now and then
/// (a beats connection sends a keep-alive ACK; an http request checks for a forced stop).
final class CompletionSignal: Sendable {
    private struct State {
        var fired = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Locked(State())

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits until fired, or until the task is cancelled.
    private func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.fired || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    /// `true` once fired; `false` when `interval` passed first.
    func wait(upTo interval: Duration) async -> Bool {
        if state.withLock({ $0.fired }) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.wait()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: interval)
                return false
            }
            _ = await group.next()
            group.cancelAll()
            return state.withLock { $0.fired }
        }
    }
}
