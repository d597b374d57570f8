public import SluiceTestSupport
public import Testing

extension VectorCase: CustomTestStringConvertible {
    public var testDescription: String { name }
}
