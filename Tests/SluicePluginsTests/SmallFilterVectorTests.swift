import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The shared vectors of the smaller filters, each case through the real filter.
@Suite struct SmallFilterVectorTests {
    static let syslogPri = VectorCase.load("syslog_pri_filter_cases.json")
    static let deDot = VectorCase.load("de_dot_filter_cases.json")
    static let urlDecode = VectorCase.load("urldecode_filter_cases.json")
    static let uuid = VectorCase.load("uuid_filter_cases.json")
    static let truncate = VectorCase.load("truncate_filter_cases.json")
    static let jsonEncode = VectorCase.load("json_encode_filter_cases.json")
    static let clone = VectorCase.load("clone_filter_cases.json")
    static let split = VectorCase.load("split_filter_cases.json")
    static let prune = VectorCase.load("prune_filter_cases.json")
    static let fingerprint = VectorCase.load("fingerprint_filter_cases.json")
    static let cidr = VectorCase.load("cidr_filter_cases.json")
    static let xml = VectorCase.load("xml_filter_cases.json")

    @Test func theVectorsAreThere() {
        #expect(Self.syslogPri.count >= 29)
        #expect(Self.deDot.count >= 22)
        #expect(Self.urlDecode.count >= 6)
        #expect(Self.uuid.count >= 2)
        #expect(Self.truncate.count >= 3)
        #expect(Self.jsonEncode.count >= 1)
        #expect(Self.clone.count >= 8)
        #expect(Self.split.count >= 9)
        #expect(Self.prune.count >= 15)
        #expect(Self.fingerprint.count >= 90)
        #expect(Self.cidr.count >= 13)
        #expect(Self.xml.count >= 27)
    }

    @Test(arguments: syslogPri)
    func syslogPriCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "syslog_pri")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: deDot)
    func deDotCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "de_dot")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: urlDecode)
    func urlDecodeCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "urldecode")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: uuid)
    func uuidCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "uuid")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: truncate)
    func truncateCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "truncate")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: jsonEncode)
    func jsonEncodeCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "json_encode")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: clone)
    func cloneCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "clone")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: split)
    func splitCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "split")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: prune)
    func pruneCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "prune")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: fingerprint)
    func fingerprintCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "fingerprint")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: cidr)
    func cidrCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "cidr")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    @Test(arguments: xml)
    func xmlCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "xml")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }

    /// A cut never splits a character: the prefix ends on a character boundary.
    @Test func truncateCutsAtACharacterBoundary() {
        #expect(TruncateFilter.prefix("aé€", bytes: 4) == "aé")
        #expect(TruncateFilter.prefix("aé€", bytes: 2) == "a")
        #expect(TruncateFilter.prefix("abc", bytes: 3) == nil)
    }

    /// Version 4 UUIDs: the version and variant bits set, lowercase hex, each different.
    @Test func uuidsAreVersionFourAndDifferent() {
        var random = SystemRandomNumberGenerator()
        let ids = (0..<100).map { _ in UUIDFilter.uuid(using: &random) }
        #expect(Set(ids).count == 100)
        for id in ids {
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36 && bytes[14] == UInt8(ascii: "4") && "89ab".utf8.contains(bytes[19]), "\(id)")
            #expect(id == id.lowercased())
        }
    }

    @Test func urldecodeKeepsEscapesThatAreNotTwoHexDigitsAndPlusSigns() {
        #expect(URLDecodeFilter.decode("a%2Fb%zz%4+c%") == "a/b%zz%4+c%")
        #expect(URLDecodeFilter.decode("%C3%A9%e2%82%ac") == "é€")
    }
}
