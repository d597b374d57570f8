import Dispatch
public import Foundation

/// Runs blocking work (waiting for a process, reading a pipe to its end, running openssl) on a
/// thread of its own, so that tests running in parallel never starve Swift's cooperative thread
/// pool (two threads on a 2-core machine). Not on a Dispatch global queue: on Linux its threads
/// are few too, and while crash tests waited there for their child processes (30 s), a beats
/// test's socket exchange queued behind them and timed out. Keep `#expect` out of `body`: it runs
/// outside the test's task.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

extension Process {
    /// `waitUntilExit()` without holding a cooperative thread.
    public func exited() async {
        let process = UncheckedProcess(process: self)
        _ = try? await offPool { process.process.waitUntilExit() }
    }
}

extension FileHandle {
    /// `readDataToEndOfFile()` without holding a cooperative thread.
    public func readAll() async -> Data {
        let handle = UncheckedHandle(handle: self)
        return (try? await offPool { handle.handle.readDataToEndOfFile() }) ?? Data()
    }

    /// `availableData` (waits for some bytes or the end) without holding a cooperative thread.
    public func nextAvailable() async -> Data {
        let handle = UncheckedHandle(handle: self)
        return (try? await offPool { handle.handle.availableData }) ?? Data()
    }
}

/// Foundation's process and file handles are used from one thread at a time here.
struct UncheckedProcess: @unchecked Sendable { let process: Process }
struct UncheckedHandle: @unchecked Sendable { let handle: FileHandle }
