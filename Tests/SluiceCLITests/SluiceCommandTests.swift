import ArgumentParser
import SluiceCLI
import Testing

@Suite struct SluiceCommandTests {
    @Test func versionIsReported() throws {
        #expect(SluiceCommand.configuration.version == SluiceCommand.version)
        #expect(throws: (any Error).self) { try SluiceCommand.parseAsRoot(["--version"]) }
    }
}
