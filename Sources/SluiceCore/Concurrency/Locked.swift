#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a lock, with the `withLock` of `Synchronization.Mutex`, over a pthread mutex.
///
/// Why not `Mutex`: on Linux it is a bare futex, which ThreadSanitizer does not see as a lock, so
/// every state it guarded was reported as a data race and a TSan build of `sluice` exited with
/// status 66 (docs/reliability.md). A pthread mutex costs the same uncontended (an atomic
/// exchange each way) and ThreadSanitizer understands it. The locks here guard per-batch and
/// per-window state, never per-event work.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let storage: UnsafeMutablePointer<Value>

    public init(_ value: sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        storage = .allocate(capacity: 1)
        storage.initialize(to: value)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Calls `body` with the value, holding the lock.
    public func withLock<Result, E: Error>(_ body: (inout sending Value) throws(E) -> sending Result) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&storage.pointee)
    }
}
