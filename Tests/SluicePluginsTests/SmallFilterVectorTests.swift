import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// The shared vectors of the smaller filters, each case through the real filter.
@Suite struct SmallFilterVectorTests {
    static let syslogPri = VectorCase.load("syslog_pri_filter_cases.json")
    static let deDot = VectorCase.load("de_dot_filter_cases.json")
    static let urlDecode = VectorCase.load("urldecode_filter_cases.json")

    @Test func theVectorsAreThere() {
        #expect(Self.syslogPri.count >= 29)
        #expect(Self.deDot.count >= 22)
        #expect(Self.urlDecode.count >= 6)
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

    @Test func urldecodeKeepsEscapesThatAreNotTwoHexDigitsAndPlusSigns() {
        #expect(URLDecodeFilter.decode("a%2Fb%zz%4+c%") == "a/b%zz%4+c%")
        #expect(URLDecodeFilter.decode("%C3%A9%e2%82%ac") == "é€")
    }
}
