#if canImport(Glibc)
import Glibc
#endif

/// Sets glibc's allocator up for a pipeline, where events are made on an input's thread and freed
/// on a worker's.
///
/// glibc keeps a small per-thread cache of freed blocks (tcache: 7 per size by default). Once a
/// worker's cache is full, every block it frees goes back to the arena of the thread that made it,
/// under that arena's lock, and the input thread making the next events waits on the same lock.
/// A cache of 500 blocks per size keeps nearly all of those frees lock-free: reading a 1 GB file
/// into the null output took 25–38% less CPU (docs/performance.md). Not more: the caches of each
/// thread fill up to that many blocks and stay, so a larger cache is more memory for good (2,000
/// grew a 30-minute soak from 50 to 73 MiB; 500 stayed at 50 MiB, docs/reliability.md).
///
/// glibc reads the setting (`GLIBC_TUNABLES`) only when a process starts, so `sluice` executes
/// itself again once, with the setting added, before doing anything else. Nothing happens when
/// `GLIBC_TUNABLES` is already set (the operator's choice wins) or `SLUICE_MALLOC_TUNING=off`.
public enum AllocatorTuning {
    public static let tunables = "glibc.malloc.tcache_count=500"

    /// Re-executes the process with `tunables` when they are not set yet; returns when it does not.
    public static func applyByReexecuting() {
        #if canImport(Glibc)
        guard getenv("GLIBC_TUNABLES") == nil else { return }
        if let choice = getenv("SLUICE_MALLOC_TUNING"), String(cString: choice) == "off" { return }
        setenv("GLIBC_TUNABLES", tunables, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: run on without the setting.
        unsetenv("GLIBC_TUNABLES")
        #endif
    }
}
