import Foundation
import SluiceCLI
import SluiceConfig
import SluiceCore
import SluiceTestSupport
import Testing

/// Issue #24's table: broken configs, each with a corrected twin, over every plugin and every kind of
/// setting. `sluice check` rejects the broken one at the setting's line and column and accepts the
/// twin; `sluice run` on the broken one exits non-zero with the same message, before anything runs.
@Suite(.serialized) struct CheckFindsWhatRunFindsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The broken config; `@DIR@` is replaced by a scratch directory, `@CERTS@` by test certificates.
        let broken: String
        /// The same config corrected: `check` accepts it.
        let twin: String
        /// The text the error points at (its first occurrence in the broken config).
        let at: String
        /// Part of the error message.
        let message: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // date: zones, patterns, locales, fields
        Case(
            name: "date unknown timezone", broken: #"filter { date { match => ["t", "ISO8601"] timezone => "Mars/Olympus" } }"#,
            twin: #"filter { date { match => ["t", "ISO8601"] timezone => "Europe/Paris" } }"#, at: "timezone", message: "unknown time zone \"Mars/Olympus\""),
        Case(
            name: "date unknown pattern letter", broken: #"filter { date { match => ["t", "yyyy-MM-dd qqqq"] } }"#,
            twin: #"filter { date { match => ["t", "yyyy-MM-dd"] } }"#, at: "match", message: "invalid date pattern \"yyyy-MM-dd qqqq\""),
        Case(
            name: "date unknown locale", broken: #"filter { date { match => ["t", "dd MMM yyyy"] locale => "xx-YY" } }"#,
            twin: #"filter { date { match => ["t", "dd MMM yyyy"] locale => "fr-FR" } }"#, at: "locale", message: "unknown locale \"xx-YY\""),
        Case(
            name: "date match without a pattern", broken: #"filter { date { match => ["t"] } }"#,
            twin: #"filter { date { match => ["t", "UNIX"] } }"#, at: "match", message: "match needs a field and at least one pattern"),
        Case(
            name: "date bad field reference", broken: #"filter { date { match => ["[a][", "UNIX"] } }"#,
            twin: #"filter { date { match => ["[a][b]", "UNIX"] } }"#, at: "match", message: "invalid field reference \"[a][\""),
        Case(
            name: "date bad timezone template", broken: #"filter { date { match => ["t", "UNIX"] timezone => "%{+qq}" } }"#,
            twin: #"filter { date { match => ["t", "UNIX"] timezone => "%{[tz]}" } }"#, at: "timezone", message: "invalid template"),
        Case(
            name: "date precision value", broken: #"filter { date { match => ["t", "UNIX"] precision => "us" } }"#,
            twin: #"filter { date { match => ["t", "UNIX"] precision => "ns" } }"#, at: "\"us\"", message: "expects one of \"ms\", \"ns\""),
        // mutate: regexes, conversion types, field references, shapes
        Case(
            name: "mutate gsub regex does not compile", broken: #"filter { mutate { gsub => ["msg", "[unclosed", "x"] } }"#,
            twin: #"filter { mutate { gsub => ["msg", "\[unclosed", "x"] } }"#, at: "gsub", message: "invalid regular expression /[unclosed/"),
        Case(
            name: "mutate unknown conversion type", broken: #"filter { mutate { convert => { "a" => "integr" } } }"#,
            twin: #"filter { mutate { convert => { "a" => "integer" } } }"#, at: "convert", message: "unknown conversion type \"integr\" (did you mean \"integer\"?)"),
        Case(
            name: "mutate gsub not in triples", broken: #"filter { mutate { gsub => ["msg", "a"] } }"#,
            twin: #"filter { mutate { gsub => ["msg", "a", "b"] } }"#, at: "gsub", message: "gsub takes triples"),
        Case(
            name: "mutate rename target field reference", broken: #"filter { mutate { rename => { "a" => "[b" } } }"#,
            twin: #"filter { mutate { rename => { "a" => "[b]" } } }"#, at: "rename", message: "invalid field reference \"[b\""),
        Case(
            name: "mutate replace template", broken: #"filter { mutate { replace => { "a" => "%{+yyyy.qq}" } } }"#,
            twin: #"filter { mutate { replace => { "a" => "%{b}" } } }"#, at: "replace", message: "invalid template"),
        // common filter options
        Case(
            name: "remove_field bad field reference", broken: #"filter { json { source => "m" remove_field => ["[a]]"] } }"#,
            twin: #"filter { json { source => "m" remove_field => ["[a]"] } }"#, at: "remove_field", message: "invalid field reference \"[a]]\""),
        Case(
            name: "add_tag bad template", broken: #"filter { json { source => "m" add_tag => ["x-%{+yyyy.qq}"] } }"#,
            twin: #"filter { json { source => "m" add_tag => ["x-%{y}"] } }"#, at: "add_tag", message: "invalid template"),
        Case(
            name: "add_field bad name template", broken: #"filter { json { source => "m" add_field => { "%{+qq}" => "b" } } }"#,
            twin: #"filter { json { source => "m" add_field => { "%{+yyyy}" => "b" } } }"#, at: "add_field", message: "invalid template"),
        // json, drop
        Case(
            name: "json source field reference", broken: #"filter { json { source => "[a" } }"#,
            twin: #"filter { json { source => "[a]" } }"#, at: "\"[a\"", message: "expects a field reference"),
        Case(
            name: "drop percentage out of range", broken: #"filter { drop { percentage => 140 } }"#,
            twin: #"filter { drop { percentage => 40 } }"#, at: "percentage", message: "percentage 140.0 is not between 0 and 100"),
        // beats: ports, TLS material
        Case(
            name: "beats port out of range", broken: #"input { beats { port => 70000 } }"#,
            twin: #"input { beats { port => 7000 } }"#, at: "port", message: "port 70000 is out of range"),
        Case(
            name: "beats ssl_key missing file",
            broken: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "/nope.key" } }"#,
            twin: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "@CERTS@/server.key" } }"#,
            at: "ssl_key", message: "cannot read /nope.key"),
        Case(
            name: "beats certificate is not PEM",
            broken: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@DIR@/junk.pem" ssl_key => "@CERTS@/server.key" } }"#,
            twin: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "@CERTS@/server.key" } }"#,
            at: "ssl_certificate", message: "is not a PEM certificate"),
        Case(
            name: "beats key does not match certificate",
            broken: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "@CERTS@/client.key" } }"#,
            twin: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/client.crt" ssl_key => "@CERTS@/client.key" } }"#,
            at: "ssl_key", message: "the key does not match the certificate"),
        Case(
            name: "beats client authentication without CAs",
            broken: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "@CERTS@/server.key" ssl_client_authentication => "required" } }"#,
            twin: #"input { beats { port => 5044 ssl_enabled => true ssl_certificate => "@CERTS@/server.crt" ssl_key => "@CERTS@/server.key" ssl_client_authentication => "required" ssl_certificate_authorities => ["@CERTS@/ca.crt"] } }"#,
            at: "ssl_client_authentication", message: "needs ssl_certificate_authorities"),
        Case(
            name: "beats codec that cannot decode", broken: #"input { beats { port => 5044 codec => rubydebug } }"#,
            twin: #"input { beats { port => 5044 codec => plain } }"#, at: "codec", message: "codec \"rubydebug\" cannot decode input"),
        // file input: durations, delimiter, completed log
        Case(
            name: "file input duration", broken: #"input { file { path => "/tmp/x.log" stat_interval => "two seconds" } }"#,
            twin: #"input { file { path => "/tmp/x.log" stat_interval => "2 seconds" } }"#, at: "stat_interval", message: "is not a duration"),
        Case(
            name: "file input delimiter", broken: #"input { file { path => "/tmp/x.log" delimiter => "||" } }"#,
            twin: #"input { file { path => "/tmp/x.log" delimiter => "|" } }"#, at: "delimiter", message: "the delimiter must be one byte"),
        Case(
            name: "file input completed log unwritable",
            broken: #"input { file { path => "/tmp/x.log" mode => "read" file_completed_action => "log" file_completed_log_path => "@DIR@/junk.pem/done.log" } }"#,
            twin: #"input { file { path => "/tmp/x.log" mode => "read" file_completed_action => "log" file_completed_log_path => "@DIR@/done.log" } }"#,
            at: "file_completed_log_path", message: "junk.pem is not a directory"),
        Case(
            name: "file input codec setting", broken: #"input { file { path => "/tmp/x.log" codec => json { tarket => "x" } } }"#,
            twin: #"input { file { path => "/tmp/x.log" codec => json { charset => "UTF-8" } } }"#, at: "codec", message: "unknown setting \"tarket\" for codec \"json\""),
        // generator
        Case(
            name: "generator negative count", broken: #"input { generator { count => -1 } }"#,
            twin: #"input { generator { count => 1 } }"#, at: "count", message: "count cannot be negative"),
        // file output: paths
        Case(
            name: "file output empty path", broken: #"output { file { path => "" } }"#,
            twin: #"output { file { path => "@DIR@/out/x.ndjson" } }"#, at: "path", message: "path is empty"),
        Case(
            name: "file output path is a directory", broken: #"output { file { path => "@DIR@" } }"#,
            twin: #"output { file { path => "@DIR@/x.ndjson" } }"#, at: "path", message: "is a directory"),
        Case(
            name: "file output directory not creatable", broken: #"output { file { path => "@DIR@/junk.pem/%{+YYYY}.ndjson" } }"#,
            twin: #"output { file { path => "@DIR@/out/%{+YYYY}.ndjson" } }"#, at: "path", message: "junk.pem is not a directory"),
        Case(
            name: "file output failure file name", broken: #"output { file { path => "@DIR@/%{[svc]}.ndjson" filename_failure => "../x" } }"#,
            twin: #"output { file { path => "@DIR@/%{[svc]}.ndjson" filename_failure => "_bad_paths" } }"#, at: "filename_failure",
            message: "filename_failure must be a plain file name"),
        Case(
            name: "file output codec format template", broken: #"output { file { path => "@DIR@/x" codec => line { format => "%{+yyyy.qq} %{message}" } } }"#,
            twin: #"output { file { path => "@DIR@/x" codec => line { format => "%{message}" } } }"#, at: "codec", message: "invalid template"),
        // stdout
        Case(
            name: "stdout codec setting", broken: #"output { stdout { codec => rubydebug { metdata => true } } }"#,
            twin: #"output { stdout { codec => rubydebug } }"#, at: "codec", message: "unknown setting \"metdata\" for codec \"rubydebug\""),
        // elasticsearch: hosts, TLS material, numbers, documents
        Case(
            name: "elasticsearch CA file missing",
            broken: #"output { elasticsearch { hosts => ["https://127.0.0.1:9200"] ssl_certificate_authorities => ["/nope/ca.crt"] } }"#,
            twin: #"output { elasticsearch { hosts => ["https://127.0.0.1:9200"] ssl_certificate_authorities => ["@CERTS@/ca.crt"] } }"#,
            at: "ssl_certificate_authorities", message: "cannot read /nope/ca.crt"),
        Case(
            name: "elasticsearch compression level", broken: #"output { elasticsearch { hosts => ["127.0.0.1"] compression_level => 12 } }"#,
            twin: #"output { elasticsearch { hosts => ["127.0.0.1"] compression_level => 9 } }"#, at: "compression_level", message: "compression_level must be 0 to 9"),
        Case(
            name: "elasticsearch bad host", broken: #"output { elasticsearch { hosts => ["http://127.0.0.1:port"] } }"#,
            twin: #"output { elasticsearch { hosts => ["http://127.0.0.1:9200"] } }"#, at: "hosts", message: "output \"elasticsearch\""),
        Case(
            name: "elasticsearch upsert is not JSON", broken: #"output { elasticsearch { hosts => ["127.0.0.1"] action => "update" document_id => "%{id}" upsert => "{nope" } }"#,
            twin: #"output { elasticsearch { hosts => ["127.0.0.1"] action => "update" document_id => "%{id}" upsert => "{}" } }"#,
            at: "upsert", message: "upsert must be a JSON object"),
        Case(
            name: "elasticsearch timeout", broken: #"output { elasticsearch { hosts => ["127.0.0.1"] timeout => 0 } }"#,
            twin: #"output { elasticsearch { hosts => ["127.0.0.1"] timeout => 5 } }"#, at: "timeout", message: "timeout must be more than 0 seconds"),
        // kv: regexes and character classes compiled when checked
        Case(
            name: "kv field split pattern does not compile", broken: #"filter { kv { field_split_pattern => "(&" } }"#,
            twin: #"filter { kv { field_split_pattern => "&+" } }"#, at: "field_split_pattern", message: "unmatched"),
        Case(
            name: "kv trim class does not compile", broken: #"filter { kv { trim_value => "z-a" } }"#,
            twin: #"filter { kv { trim_value => "a-z" } }"#, at: "trim_value", message: "filter \"kv\""),
        Case(
            name: "kv empty value split", broken: #"filter { kv { value_split => "" } }"#,
            twin: #"filter { kv { value_split => ":" } }"#, at: "value_split", message: "must be a non-empty string"),
    ]

    /// One set of throwaway certificates for every case (making them takes seconds).
    static func certificates() async throws -> TestCertificates {
        if let made = made.withLock({ $0 }) { return made }
        let fresh = try await TestCertificates.make()
        return made.withLock { existing in
            if let existing { return existing }
            existing = fresh
            return fresh
        }
    }

    static let made = Locked<TestCertificates?>(nil)

    /// The config with its placeholders filled in (a scratch directory, throwaway certificates).
    static func fill(_ text: String, certificates: TestCertificates, directory: String) -> String {
        text.replacingOccurrences(of: "@DIR@", with: directory).replacingOccurrences(of: "@CERTS@", with: certificates.directory)
    }

    /// Line and column (1-based) of the first occurrence of `needle`.
    static func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
        guard let range = text.range(of: needle) else { return nil }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
        return (line, column)
    }

    @Test func theTableCoversEveryPluginWithAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
        let names = ["date", "mutate", "json", "drop", "beats", "file {", "generator", "stdout", "elasticsearch"]
        for name in names { #expect(Self.cases.contains { $0.broken.contains(name) }, "no case for \(name)") }
    }

    @Test(arguments: cases)
    func checkRejectsTheBrokenConfigAtTheSettingAndAcceptsItsTwin(_ testCase: Case) async throws {
        let certificates = try await Self.certificates()
        let directory = try ScratchDirectory("sluice-check-case")
        defer { directory.remove() }
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: "\(directory.path)/junk.pem"))
        let broken = Self.fill(testCase.broken, certificates: certificates, directory: directory.path)
        let twin = Self.fill(testCase.twin, certificates: certificates, directory: directory.path)
        let path = "\(directory.path)/broken.conf"
        try Data(broken.utf8).write(to: URL(fileURLWithPath: path))

        let report = ConfigCheck.run(path: path, syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 1, "check accepted \(broken)")
        let position = try #require(Self.position(of: testCase.at, in: broken))
        let expectedPrefix = "\(path):\(position.line):\(position.column): error:"
        let errorLine = report.diagnostics.split(separator: "\n").first { $0.contains(": error:") }.map(String.init) ?? ""
        #expect(errorLine.hasPrefix(expectedPrefix), "expected \(expectedPrefix)…, got \(report.diagnostics)")
        #expect(errorLine.contains(testCase.message), "\(report.diagnostics)")

        let twinReport = ConfigCheck.run(path: nil, configString: twin, syntaxOnly: false, environment: [:])
        #expect(twinReport.exitCode == 0, "the twin was refused: \(twinReport.diagnostics)")

        // `run` refuses it before anything starts, with the same message.
        let run = try await Self.sluiceRun(["-f", path, "--api.enabled", "false"])
        #expect(run.status != 0, "run accepted \(broken)")
        #expect(run.stderr.contains(errorLine), "run said: \(run.stderr)")
    }

    /// Runs the binary; a run that has not ended within 60 s (it took a broken config) is stopped.
    static func sluiceRun(_ arguments: [String]) async throws -> StdinToStdoutTests.Run {
        try await offPool {
            let process = Process()
            process.executableURL = StdinToStdoutTests.binary
            process.arguments = arguments
            let errors = Pipe()
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            watchdog.cancel()
            return StdinToStdoutTests.Run(status: process.terminationStatus, stdout: "", stderr: String(decoding: err, as: UTF8.self))
        }
    }

    /// A port already taken passes `check` (no side effect there) and fails `run` at start, naming
    /// the plugin and where its block is; the process exits non-zero.
    @Test func runFailsWhereASideEffectFailsAndNamesThePluginAndItsBlock() async throws {
        let taken = try RawSocket.listen()
        defer { taken.close() }
        let directory = try ScratchDirectory("sluice-port-taken")
        defer { directory.remove() }
        let path = "\(directory.path)/taken.conf"
        let config = "input {\n  beats { host => \"127.0.0.1\" port => \(taken.port) }\n}\noutput { null {} }\n"
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        #expect(ConfigCheck.run(path: path, syntaxOnly: false, environment: [:]).exitCode == 0)
        let run = try await Self.sluiceRun(["-f", path, "--api.enabled", "false"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(path):2:3: input \"beats\" (beats_1) failed to start"), "\(run.stderr)")
        #expect(run.stderr.contains("Address already in use"), "\(run.stderr)")
    }

    @Test func checkStrictRefusesWhatLogstashNineRemovedAndPlainCheckReadsItAsItsReplacement() throws {
        let config = """
            input { beats { port => 5044 ssl => false ssl_verify_mode => "none" } }
            output { elasticsearch { hosts => ["127.0.0.1"] ssl_certificate_verification => false } }
            """
        let plain = ConfigCheck.run(path: nil, configString: config, syntaxOnly: false, environment: [:])
        #expect(plain.exitCode == 0, "\(plain.diagnostics)")
        #expect(plain.diagnostics.contains("setting \"ssl\" of input \"beats\" was removed in Logstash 9; read as ssl_enabled"))
        #expect(plain.diagnostics.contains("use ssl_client_authentication (force_peer → required, none → none, peer → optional)"))
        let output = try #require(plain.pipeline?.stages(.output).first)
        #expect(output.options.string("ssl_verification_mode") == "none", "the old value is read as the new setting's")
        let input = try #require(plain.pipeline?.stages(.input).first)
        #expect(input.options.bool("ssl_enabled") == false)
        #expect(input.options.string("ssl_client_authentication") == "none")

        let strict = ConfigCheck.run(path: nil, configString: config, syntaxOnly: false, environment: [:], strict: true)
        #expect(strict.exitCode == 1)
        #expect(strict.diagnostics.components(separatedBy: "was removed in Logstash 9").count - 1 == 3, "\(strict.diagnostics)")
    }

    @Test func aRenamedSettingAndItsReplacementTogetherAreAnError() {
        let report = ConfigCheck.run(
            path: nil, configString: #"input { beats { port => 5044 ssl => false ssl_enabled => false } }"#, syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 1)
        #expect(report.diagnostics.contains("ssl and ssl_enabled are both set"))
    }

    @Test func anOptionWithNoEffectIsAcceptedWithAWarningThatSaysWhy() {
        let report = ConfigCheck.run(
            path: nil, configString: #"input { beats { port => 5044 executor_threads => 4 } } output { file { path => "/tmp/x" flush_interval => 0 } }"#,
            syntaxOnly: false, environment: [:])
        #expect(report.exitCode == 0, "\(report.diagnostics)")
        #expect(report.diagnostics.contains("setting \"executor_threads\" of input \"beats\" is accepted for compatibility and has no effect"))
        #expect(report.diagnostics.contains("setting \"flush_interval\" of output \"file\" is accepted for compatibility and has no effect"))
    }
}
