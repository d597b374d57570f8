import SluiceCore
import Synchronization

/// One holder at a time, for work that must not overlap (the file output's writes and its file
/// table), taken on the caller's own task.
///
/// Free, it is taken with one lock and no hop. Held, the caller first spins for a short while
/// (a holder writing one batch is done within tens of microseconds), then parks until the holder
/// hands the turn over. An actor did this job before: every time two workers met there, the one
/// waiting was parked and woken again, which on a virtual machine cost more CPU than the wait.
final class WriteTurn: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// A pthread mutex (`Locked`), which ThreadSanitizer sees; it does not see `Mutex` on Linux.
    private let state = Locked(State())
    /// Whether the turn is held, read without the lock while spinning.
    private let heldHint = Atomic<Bool>(false)
    /// How long a caller spins before it parks.
    private let spin: Duration

    init(spin: Duration = .microseconds(50)) {
        self.spin = spin
    }

    /// Takes the turn, waiting for it if needed. Pair with `release()`.
    func acquire() async {
        if tryAcquire() { return }
        // Spin for a bounded time (by the clock, so that a debug build spins no longer), taking
        // the turn as soon as it is seen free.
        let clock = ContinuousClock()
        let deadline = clock.now + spin
        var looks = 0
        while true {
            if !heldHint.load(ordering: .relaxed) {
                if tryAcquire() { return }
            }
            looks += 1
            if looks & 63 == 0 && clock.now >= deadline { break }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let taken = state.withLock { state -> Bool in
                if !state.held {
                    state.held = true
                    heldHint.store(true, ordering: .relaxed)
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if taken { continuation.resume() }
        }
        // Handed the turn by `release()`, which held this lock when it chose us: taking it once
        // orders our work after the last holder's for ThreadSanitizer too, which does not always
        // see a continuation's resume as that edge (it reported the handed-over path as racy).
        state.withLock { _ in }
    }

    private func tryAcquire() -> Bool {
        state.withLock { state -> Bool in
            if state.held { return false }
            state.held = true
            heldHint.store(true, ordering: .relaxed)
            return true
        }
    }

    /// Gives the turn to the longest-parked waiter, or frees it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.held = false
                heldHint.store(false, ordering: .relaxed)
                return nil
            }
            return state.waiters.removeFirst()  // still held: handed over
        }
        next?.resume()
    }

    /// Runs `body` holding the turn.
    func withTurn<T>(_ body: () throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try body()
    }
}
