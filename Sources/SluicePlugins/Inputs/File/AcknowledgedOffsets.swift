import SluiceCore

/// Turns batch completions, which may come in any order, into offsets safe to record: a file's
/// position advances only past batches whose events every output has written.
final class AcknowledgedOffsets: Sendable {
    private struct PendingBatch {
        let end: Int64
        var done = false
    }

    private struct FileState {
        var committed: Int64
        var pending: [UInt64: PendingBatch] = [:]
        var order: [UInt64] = []
    }

    private struct State {
        var files: [FileIdentity: FileState] = [:]
        var nextID: UInt64 = 0
        var outstanding = 0
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Locked(State())

    /// Starts tracking a file whose acknowledged position is `offset`.
    func track(_ file: FileIdentity, from offset: Int64) {
        state.withLock { state in
            if state.files[file] == nil { state.files[file] = FileState(committed: offset) }
        }
    }

    /// Registers a batch that ends at `end`; returns the id to complete it with.
    func begin(_ file: FileIdentity, end: Int64) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.outstanding += 1
            state.files[file, default: FileState(committed: 0)].pending[id] = PendingBatch(end: end)
            state.files[file]!.order.append(id)
            return id
        }
    }

    /// A batch was written by every output.
    func complete(_ file: FileIdentity, _ id: UInt64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            guard var file_ = state.files[file] else { return [] }
            file_.pending[id]?.done = true
            while let first = file_.order.first, let batch = file_.pending[first], batch.done {
                file_.committed = batch.end
                file_.pending[first] = nil
                file_.order.removeFirst()
            }
            state.files[file] = file_
            return AcknowledgedOffsets.oneLessOutstanding(&state)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// A batch the pipeline did not take (its `send` threw at shutdown): it will never complete, so
    /// it stops counting as outstanding, and the file's position never moves past its start. The
    /// reader sends nothing more for the file after a refused batch, so that batch is the file's last.
    func abandon(_ file: FileIdentity, _ id: UInt64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            guard var file_ = state.files[file], file_.pending[id] != nil else { return [] }
            if file_.order.last == id {
                file_.pending[id] = nil
                file_.order.removeLast()
            } else {
                // Not expected; kept as a batch that never completes, so later ones cannot commit past it.
                file_.pending[id] = PendingBatch(end: file_.committed, done: false)
            }
            state.files[file] = file_
            return AcknowledgedOffsets.oneLessOutstanding(&state)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Counts a batch as done; when it was the last outstanding one, takes the waiters to wake.
    private static func oneLessOutstanding(_ state: inout State) -> [CheckedContinuation<Bool, Never>] {
        state.outstanding -= 1
        guard state.outstanding == 0 else { return [] }
        defer { state.waiters.removeAll() }
        return Array(state.waiters.values)
    }

    /// The acknowledged position of each file.
    var committed: [FileIdentity: Int64] {
        state.withLock { $0.files.mapValues(\.committed) }
    }

    func committed(_ file: FileIdentity) -> Int64? {
        state.withLock { $0.files[file]?.committed }
    }

    /// Batches begun and not yet completed (or abandoned), over all files.
    var outstanding: Int {
        state.withLock { $0.outstanding }
    }

    /// Whether every batch of the file is acknowledged.
    func isSettled(_ file: FileIdentity) -> Bool {
        state.withLock { $0.files[file]?.order.isEmpty ?? true }
    }

    /// Waits until every batch begun so far is acknowledged.
    /// - Returns: `true` when settled; `false` when the task was cancelled first (shutdown).
    @discardableResult
    func waitUntilSettled() async -> Bool {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let settled = state.withLock { state -> Bool in
                    if state.outstanding == 0 { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return false
                }
                if settled {
                    continuation.resume(returning: true)
                } else if state.withLock({ $0.waiters[id] == nil }) {
                    continuation.resume(returning: false)
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }
}
