import SluiceConfig
import SluiceCore
import SluiceParsers
import SluicePlugins
import SluiceTestSupport
import Testing

/// Every case of ../shared/vectors/logstash/csv_filter_cases.json through the real filter.
@Suite struct CSVFilterVectorTests {
    static let cases = VectorCase.load("csv_filter_cases.json")

    @Test func theVectorsAreThere() {
        #expect(Self.cases.count >= 66)
    }

    @Test(arguments: cases)
    func csvCase(_ testCase: VectorCase) {
        let problems = FilterVectorCheck.problems(testCase, plugin: "csv")
        #expect(problems.isEmpty, "\(testCase["title"]?.stringValue ?? ""): \(problems.joined(separator: "; "))")
    }
}
