import Foundation
import SluiceCLI
import Testing

/// `sluice` starts itself again with a better allocator, unless told otherwise: seen from inside,
/// through the config's `${LD_PRELOAD}` and `${GLIBC_TUNABLES}`, and in the `allocator` the
/// start-up log line names (what actually serves `malloc`).
@Suite struct AllocatorTuningTests {
    struct Seen {
        var allocator: String
        var preload: String
        var tunables: String
        var stderr: String
    }

    /// A clean environment for the choice: nothing the test runner may have set leaks in.
    static let unset: [String: String?] = [
        "SLUICE_ALLOCATOR": nil, "SLUICE_MALLOC_TUNING": nil, "LD_PRELOAD": nil, "GLIBC_TUNABLES": nil,
    ]

    func seen(_ environment: [String: String?]) async throws -> Seen {
        let run = try await StdinToStdoutTests.sluice(
            [
                "-w", "1", "--api.enabled", "false", "-e",
                #"input { stdin { } } filter { mutate { add_field => { "preload" => "${LD_PRELOAD:none}" "tunables" => "${GLIBC_TUNABLES:none}" } } } output { stdout { codec => json_lines } }"#,
            ], stdin: "x\n", environment: Self.unset.merging(environment) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let allocator = try #require(
            run.stderr.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("allocator=") }, "\(run.stderr)")
        return Seen(
            allocator: String(allocator.dropFirst("allocator=".count)), preload: try #require(event["preload"] as? String),
            tunables: try #require(event["tunables"] as? String), stderr: run.stderr)
    }

    /// The allocator `auto` picks on this machine: jemalloc, else mimalloc, else glibc.
    var expectedAutomatic: String {
        guard let path = AllocatorTuning.installedLibrary(for: .auto) else { return "glibc" }
        return path.contains("jemalloc") ? "jemalloc" : "mimalloc"
    }

    @Test func theDefaultIsTheBestInstalledAllocatorAndChildrenDoNotInheritIt() async throws {
        let run = try await seen([:])
        #expect(run.allocator == expectedAutomatic)
        // The preload did its work at start; processes sluice starts get a clean environment.
        #expect(run.preload == "none")
        #expect(run.tunables == (expectedAutomatic == "glibc" ? AllocatorTuning.tunables : "none"))
    }

    @Test func aNamedAllocatorIsUsedWhenInstalledAndOtherwiseGlibcWithAWarning() async throws {
        for choice in [AllocatorTuning.Choice.jemalloc, .mimalloc] {
            let run = try await seen(["SLUICE_ALLOCATOR": choice.rawValue])
            if AllocatorTuning.installedLibrary(for: choice) != nil {
                #expect(run.allocator == choice.rawValue)
                #expect(!run.stderr.contains("warning: SLUICE_ALLOCATOR"))
            } else {
                #expect(run.allocator == "glibc")
                #expect(run.tunables == AllocatorTuning.tunables)
                #expect(run.stderr.contains("SLUICE_ALLOCATOR=\(choice.rawValue), but its library is not installed"))
            }
        }
    }

    @Test func glibcRunsWithTheLargerCache() async throws {
        let run = try await seen(["SLUICE_ALLOCATOR": "glibc"])
        #expect(run.allocator == "glibc")
        #expect(run.tunables == AllocatorTuning.tunables)
    }

    @Test func anOperatorsSettingsAreKept() async throws {
        let tuned = try await seen(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
        #expect(tuned.tunables == "glibc.malloc.arena_max=2")
        #expect(tuned.allocator == "glibc")
        #expect(tuned.preload == "none")
    }

    @Test func tuningCanBeTurnedOff() async throws {
        for setting in [["SLUICE_ALLOCATOR": "off"], ["SLUICE_MALLOC_TUNING": "off"]] {
            let run = try await seen(setting)
            #expect(run.allocator == "glibc")
            #expect(run.tunables == "none")
            #expect(run.preload == "none")
        }
    }

    @Test func anUnknownChoiceIsNamedAndAutoIsUsed() async throws {
        let run = try await seen(["SLUICE_ALLOCATOR": "tcmalloc"])
        #expect(run.allocator == expectedAutomatic)
        #expect(run.stderr.contains("unknown SLUICE_ALLOCATOR 'tcmalloc'"))
    }
}
