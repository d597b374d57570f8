import Foundation
import SluiceConfig
import SluiceTestSupport
import Testing

/// Bad input gets a clear error or success: never a crash or a hang.
@Suite struct HostileConfigTests {
    func parse(_ text: String) -> Result<PipelineConfig, ConfigErrors> {
        PipelineConfig.parse([ConfigSource(name: "t.conf", text: text)])
    }

    func firstError(_ text: String) -> Diagnostic? {
        if case .failure(let errors) = parse(text) { return errors.diagnostics.first }
        return nil
    }

    @Test func emptyAndCommentOnlyFilesCompileToNothing() throws {
        for text in ["", "   \n\t", "# only a comment", "# a\n# b\n"] {
            let config = try parse(text).get()
            #expect(config.statements(of: .input).isEmpty && config.statements(of: .filter).isEmpty)
        }
    }

    @Test func binaryBytesAreASyntaxErrorAtTheFirstBadByte() throws {
        var bytes = Array("input { stdin { } }\n".utf8)
        bytes += [0x00, 0xFF, 0xFE, 0x01, 0x7F]
        let result = PipelineConfig.parse([ConfigSource(name: "b.bin", bytes: bytes)])
        guard case .failure(let errors) = result else {
            Issue.record("binary accepted")
            return
        }
        #expect(errors.diagnostics.first?.location == SourceLocation(file: "b.bin", line: 2, column: 1))
    }

    // The 10 MB parses take seconds in a debug build: they run on a Dispatch thread (`offPool`) so
    // that they never hold the cooperative threads the network tests run on.

    @Test func aTenMegabyteConfigParses() async throws {
        let (count, n) = try await offPool { () throws -> (Int, Int) in
            var text = "filter {\n"
            let block = "  mutate { add_field => { \"field\" => \"a fairly long value to make the file bigger\" } id => \"m%d\" }\n"
            var n = 0
            while text.utf8.count < 10_000_000 {
                text += block.replacingOccurrences(of: "%d", with: String(n))
                n += 1
            }
            text += "}\n"
            let config = try PipelineConfig.parse([ConfigSource(name: "t.conf", text: text)]).get()
            return (config.plugins(of: .filter).count, n)
        }
        #expect(count == n)
    }

    @Test func aTenMegabyteSingleLineConfigParses() async throws {
        let count = try await offPool { () throws -> Int? in
            let settings = String(repeating: "a => \"b\" ", count: 1_100_000)
            let config = try PipelineConfig.parse([ConfigSource(name: "t.conf", text: "filter { x { \(settings) } }")]).get()
            return config.plugins(of: .filter).first?.settings.count
        }
        #expect(count == 1)  // repeated settings merge
    }

    @Test func thousandLevelsOfNestedConditionalsGiveAClearError() throws {
        let depth = 1000
        let text = "filter {\n" + String(repeating: "if [a] {\n", count: depth) + String(repeating: "}\n", count: depth) + "}\n"
        let error = try #require(firstError(text))
        #expect(error.message.contains("nesting deeper than"))
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = 60
        let text = "filter {\n" + String(repeating: "if [a] {\n", count: depth) + "drop {}\n" + String(repeating: "}\n", count: depth) + "}\n"
        let config = try parse(text).get()
        #expect(config.plugins(of: .filter).count == 1)
    }

    @Test func deeplyNestedParenthesesAndArraysGiveAClearError() throws {
        let parens = "filter { if " + String(repeating: "(", count: 5000) + "[a]" + String(repeating: ")", count: 5000) + " { } }"
        #expect(firstError(parens)?.message.contains("nesting deeper than") == true)
        let arrays = "filter { x { a => " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + " } }"
        #expect(firstError(arrays)?.message.contains("nesting deeper than") == true)
    }

    @Test func unterminatedStringPointsAtItsOpeningQuote() throws {
        let error = try #require(firstError("filter {\n  x { a => \"never closed }\n}\n"))
        #expect(error.location == SourceLocation(file: "t.conf", line: 2, column: 12))
        #expect(error.message.contains("unterminated string"))
    }

    @Test func unterminatedBlockSaysWhatWasExpectedAtTheEnd() throws {
        let error = try #require(firstError("filter {\n  x { a => 1 }\n"))
        #expect(error.message.contains("found end of input"))
        #expect(error.location.line == 3)
    }

    @Test func aByteOrderMarkIsRejectedAtOneOne() throws {
        let error = try #require(firstError("\u{FEFF}input { stdin { } }"))
        #expect(error.location == SourceLocation(file: "t.conf", line: 1, column: 1))
        #expect(error.hint?.contains("byte order mark") == true)
    }

    @Test func crlfLineEndingsParseAndErrorsKeepTheirColumns() throws {
        let good = "input {\r\n  stdin { }\r\n}\r\nfilter {\r\n  json { source => \"message\" }\r\n}\r\n"
        #expect(try parse(good).get().plugins(of: .filter).first?.name == "json")
        let source = ConfigSource(name: "t.conf", text: "input {\r\n  stdin { codec = > plain }\r\n}\r\n")
        guard case .failure(let errors) = PipelineConfig.parse([source]) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.diagnostics.first?.location == SourceLocation(file: "t.conf", line: 2, column: 17))
        #expect(source.lineText(2) == "  stdin { codec = > plain }")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(firstError("filter { x { a => \"ü\" , b => 1 } }"))
        #expect(error.location.column == 23)
    }
}
