import SluiceCore
@testable import SluicePlugins
import Testing

/// `WriteTurn`: one holder at a time, whether a waiter gets the turn by spinning or by parking.
@Suite struct WriteTurnTests {
    /// A counter only ever changed while holding the turn (a plain variable: a second holder at
    /// the same time would lose increments, and ThreadSanitizer would report it).
    final class Guarded: @unchecked Sendable {
        var count = 0
        var inside = 0
        var overlaps = 0
    }

    @Test func holdersNeverOverlapAndNoIncrementIsLost() async {
        for spin in [Duration.zero, .microseconds(50)] {
            // Without a spin every waiter parks and is handed the turn; with one, most spin.
            let turn = WriteTurn(spin: spin)
            let guarded = Guarded()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<500 {
                            await turn.withTurn {
                                guarded.inside += 1
                                if guarded.inside > 1 { guarded.overlaps += 1 }
                                guarded.count += 1
                                guarded.inside -= 1
                            }
                        }
                    }
                }
            }
            #expect(guarded.count == 8 * 500)
            #expect(guarded.overlaps == 0)
        }
    }

    @Test func aParkedWaiterIsHandedTheTurnWhenItIsReleased() async {
        let turn = WriteTurn(spin: .zero)
        await turn.acquire()
        let order = Locked<[String]>([])
        let waiter = Task {
            await turn.withTurn { order.withLock { $0.append("waiter") } }
        }
        // The waiter cannot get the turn while it is held here.
        for _ in 0..<100 { await Task.yield() }
        order.withLock { $0.append("holder") }
        turn.release()
        await waiter.value
        #expect(order.withLock { $0 } == ["holder", "waiter"])
    }
}
