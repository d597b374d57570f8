#if canImport(Glibc)
import Glibc
#endif

/// Chooses the memory allocator of the `sluice` process before anything else runs.
///
/// A pipeline makes events on an input's thread and frees them on a worker's. glibc's allocator
/// handles that pattern badly: a worker's small per-thread cache (tcache, 7 blocks per size) fills
/// up, and every further free goes back to the input thread's arena under its lock. jemalloc and
/// mimalloc are built for it: with jemalloc, the beats path (B1 and B2 in `scripts/bench.py`) took
/// 11–43% less CPU per event than with the tuned glibc below (docs/performance.md, session 7).
/// Fluent Bit and Vector ship jemalloc for the same reason.
///
/// The choice is `SLUICE_ALLOCATOR`:
/// - `auto` (the default): jemalloc when `libjemalloc.so.2` is installed (Debian: `libjemalloc2`),
///   else mimalloc (`libmimalloc.so.2`), else the tuned glibc.
/// - `jemalloc`, `mimalloc`: that one, or the tuned glibc with a warning when it is not installed.
/// - `glibc`: glibc with a cache of 500 blocks per size (`glibc.malloc.tcache_count=500`), which
///   keeps most of those frees lock-free: 25–38% less CPU than plain glibc reading a file. Not
///   more: each thread's cache keeps up to that many blocks for good (2,000 grew a 30-minute
///   soak from 50 to 73 MiB, docs/reliability.md).
/// - `off` (or the older `SLUICE_MALLOC_TUNING=off`): the process as it was started.
///
/// Both mechanisms act only when a process starts (the dynamic linker reads `LD_PRELOAD`, glibc
/// reads `GLIBC_TUNABLES`), so `sluice` executes itself again once, with the setting added. The
/// second start removes `LD_PRELOAD` from its environment, so processes it starts do not inherit
/// it. Nothing happens when the operator set `LD_PRELOAD` or `GLIBC_TUNABLES` (their choice wins),
/// or in a sanitizer build (the sanitizer's allocator must stay in place).
public enum AllocatorTuning {
    public enum Choice: String, CaseIterable, Sendable {
        case auto, jemalloc, mimalloc, glibc, off
    }

    public static let tunables = "glibc.malloc.tcache_count=500"

    /// The shared library of each replacement allocator, in `auto`'s order of preference.
    static let libraries: [(choice: Choice, soname: String)] = [(.jemalloc, "libjemalloc.so.2"), (.mimalloc, "libmimalloc.so.2")]

    /// Set for the second start only: what the first start chose.
    static let marker = "SLUICE_ALLOCATOR_APPLIED"

    /// Re-executes the process with the chosen allocator when it is not in place yet; returns when
    /// it does not (already in place, nothing to do, or exec failed).
    public static func applyByReexecuting() {
        #if canImport(Glibc)
        if let applied = getenv(marker) {
            if String(cString: applied) != Choice.glibc.rawValue { unsetenv("LD_PRELOAD") }
            unsetenv(marker)
            return
        }
        guard getenv("LD_PRELOAD") == nil, getenv("GLIBC_TUNABLES") == nil, !isSanitized else { return }
        let choice = requestedChoice()
        guard choice != .off else { return }
        if choice != .glibc, let library = installedLibrary(for: choice) {
            setenv("LD_PRELOAD", library, 1)
            setenv(marker, choice.rawValue, 1)
        } else {
            if choice != .glibc && choice != .auto {
                warn("SLUICE_ALLOCATOR=\(choice.rawValue), but its library is not installed: using glibc")
            }
            setenv("GLIBC_TUNABLES", tunables, 1)
            setenv(marker, Choice.glibc.rawValue, 1)
        }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: run on as started.
        unsetenv("LD_PRELOAD")
        unsetenv("GLIBC_TUNABLES")
        unsetenv(marker)
        #endif
    }

    /// The allocator serving this process's `malloc`: `jemalloc`, `mimalloc` or `glibc`.
    public static var active: String {
        #if canImport(Glibc)
        // Each replacement exports a function glibc does not have; with `LD_PRELOAD` it also
        // serves `malloc`.
        if dlsym(nil, "mallctl") != nil { return "jemalloc" }
        if dlsym(nil, "mi_version") != nil { return "mimalloc" }
        #endif
        return "glibc"
    }

    static func requestedChoice() -> Choice {
        if let value = getenv("SLUICE_ALLOCATOR"), value.pointee != 0 {
            let text = String(cString: value)
            if let choice = Choice(rawValue: text) { return choice }
            let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            warn("unknown SLUICE_ALLOCATOR '\(text)' (one of \(names)): using auto")
            return .auto
        }
        if let old = getenv("SLUICE_MALLOC_TUNING"), String(cString: old) == "off" { return .off }
        return .auto
    }

    /// The directories searched for the libraries: the dynamic linker's defaults on Debian-like
    /// and other Linux systems. (`dlopen` cannot test them: jemalloc uses static TLS, which a
    /// library loaded after start may not.)
    static var libraryDirectories: [String] {
        #if arch(x86_64)
        let triplet = "x86_64-linux-gnu"
        #elseif arch(arm64)
        let triplet = "aarch64-linux-gnu"
        #else
        let triplet = "unknown"
        #endif
        return ["/usr/local/lib", "/usr/lib/\(triplet)", "/lib/\(triplet)", "/usr/lib64", "/lib64", "/usr/lib", "/lib"]
    }

    /// The path of the library for `choice` (the first installed one for `auto`), if there is one.
    public static func installedLibrary(for choice: Choice) -> String? {
        #if canImport(Glibc)
        for library in libraries where choice == .auto || library.choice == choice {
            for directory in libraryDirectories {
                let path = "\(directory)/\(library.soname)"
                if access(path, R_OK) == 0 { return path }
            }
        }
        #endif
        return nil
    }

    /// Whether this binary was built with a sanitizer (its runtime exports these).
    public static var isSanitized: Bool {
        #if canImport(Glibc)
        return dlsym(nil, "__tsan_init") != nil || dlsym(nil, "__asan_init") != nil
        #else
        return false
        #endif
    }

    /// One line on stderr: logging is not set up yet this early.
    static func warn(_ text: String) {
        #if canImport(Glibc)
        let line = Array("sluice: warning: \(text)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        #endif
    }
}
