import Synchronization
import Testing

@testable import SluicePlugins

/// The beats input's bound on windows held across connections.
@Suite struct WindowGateTests {
    @Test func placesAreLimitedHandedOverInOrderAndCancellable() async throws {
        let gate = WindowGate(limit: 2)
        #expect(await gate.acquire())
        #expect(await gate.acquire())
        // A third waits until a place is given back.
        let order = Mutex<[Int]>([])
        let third = Task {
            let granted = await gate.acquire()
            order.withLock { $0.append(3) }
            return granted
        }
        // A waiter that gives up gets `false` and takes no place.
        let cancelled = Task { await gate.acquire() }
        try await pollUntil { gate.waiting == 2 }
        cancelled.cancel()
        #expect(await cancelled.value == false)
        #expect(order.withLock { $0 }.isEmpty)
        gate.release()
        #expect(await third.value)
        // Two held (the first and the third): the next must wait again.
        let fourth = Task { await gate.acquire() }
        try await pollUntil { gate.waiting == 1 }
        gate.release()
        #expect(await fourth.value)
    }

    /// Polls `condition` (yielding between looks) for up to 60 s: the whole test run shares two
    /// cooperative threads with hundreds of CPU-bound tests, so the waiting tasks may start late.
    func pollUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
