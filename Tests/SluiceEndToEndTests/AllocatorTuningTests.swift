import Foundation
import SluiceCLI
import Testing

/// `sluice` starts itself again with glibc's tcache enlarged, unless told otherwise: seen from
/// inside, through the config's `${GLIBC_TUNABLES}`.
@Suite struct AllocatorTuningTests {
    /// The `GLIBC_TUNABLES` the pipeline ran with (`none` when unset).
    func tunablesSeen(_ environment: [String: String?]) async throws -> String {
        let run = try await StdinToStdoutTests.sluice(
            [
                "-w", "1", "--api.enabled", "false", "-e",
                #"input { stdin { } } filter { mutate { add_field => { "seen" => "${GLIBC_TUNABLES:none}" } } } output { stdout { codec => json_lines } }"#,
            ], stdin: "x\n", environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(event["seen"] as? String)
    }

    @Test func theProcessRunsWithTheLargerCache() async throws {
        #expect(try await tunablesSeen(["GLIBC_TUNABLES": nil, "SLUICE_MALLOC_TUNING": nil]) == AllocatorTuning.tunables)
    }

    @Test func anOperatorsTunablesAreKept() async throws {
        #expect(try await tunablesSeen(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2", "SLUICE_MALLOC_TUNING": nil]) == "glibc.malloc.arena_max=2")
    }

    @Test func tuningCanBeTurnedOff() async throws {
        #expect(try await tunablesSeen(["GLIBC_TUNABLES": nil, "SLUICE_MALLOC_TUNING": "off"]) == "none")
    }
}
