public import SluiceCore

/// What a filter reads from a file and reads again every `refresh_interval` (translate's
/// dictionary, cidr's networks), shared by the stage's workers: loaded when the options are
/// decoded, then re-read on the batches' clock by whichever worker comes first once the interval
/// has passed. The swap is one assignment under the lock, so a worker sees the old or the new
/// value, never a mix; a read that fails keeps the old value.
public final class ReloadedFromFile<Content: Sendable>: Sendable {
    struct State {
        var content: Content
        var version: Int
        var lastCheck: Timestamp?
    }

    let state: Locked<State>

    init(_ content: Content) {
        state = Locked(State(content: content, version: 0, lastCheck: nil))
    }

    /// The current content and its version (it grows by one at each swap). When a refresh is due
    /// at `now`, `reload` is given the current content and called outside the lock; what it
    /// returns (nil: the read failed) replaces the content.
    func current(at now: Timestamp, every interval: Duration?, reload: (Content) -> Content?) -> (Content, Int) {
        guard let interval else { return state.withLock { ($0.content, $0.version) } }
        let due = state.withLock { state -> Content? in
            guard let last = state.lastCheck else {
                state.lastCheck = now
                return nil
            }
            let elapsed = (now.epochSeconds - last.epochSeconds) * 1_000_000_000 + Int64(now.nanoseconds - last.nanoseconds)
            guard elapsed >= interval.nanoseconds else { return nil }
            state.lastCheck = now
            return state.content
        }
        if let old = due, let fresh = reload(old) {
            state.withLock { state in
                state.content = fresh
                state.version += 1
            }
        }
        return state.withLock { ($0.content, $0.version) }
    }
}

extension ReloadedFromFile {
    /// Reads the file again now, whatever the interval (what a due refresh does).
    func reloadNow(_ reload: (Content) -> Content?) {
        let old = state.withLock { $0.content }
        guard let fresh = reload(old) else { return }
        state.withLock { state in
            state.content = fresh
            state.version += 1
        }
    }
}

/// A filter that reads files and can be told to read them again at once (the specs' forced
/// reload; the same step a due `refresh_interval` takes).
public protocol FileReloadingFilter: Filter {
    func reloadFiles()
}

extension ReloadedFromFile: Hashable {
    // Shared state, not a setting: two decodes of the same options are the same options.
    public static func == (lhs: ReloadedFromFile, rhs: ReloadedFromFile) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
