import SluiceConfig
import SluiceCore
import SluicePlugins
import SluiceTestSupport
import Testing

/// Every case of ../shared/vectors/logstash/translate_filter_cases.json through the real filter.
@Suite struct TranslateFilterVectorTests {
    static let cases = VectorCase.load("translate_filter_cases.json")

    @Test func theVectorsAreThere() {
        #expect(Self.cases.count >= 35)
    }

    @Test(arguments: cases)
    func translateCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "translate")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }
}
