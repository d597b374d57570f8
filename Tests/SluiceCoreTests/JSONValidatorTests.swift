import SluiceCore
import SluiceTestSupport
import Testing

/// The test bulk server's scan-only JSON check agrees with the JSON reader on objects.
@Suite struct JSONValidatorTests {
    @Test(arguments: [
        #"{}"#, #" {"a":1} "#, #"{"a":[1,-2.5e+3,true,false,null,{"b":"\u00e9\n"}]}"#, #"{"k":"v","n":0}"#, #"{"x":[[],{}]}"#,
    ])
    func validObjectsPass(text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { JSONValidator.isObject($0) })
        #expect((try? JSONReader.parse(text)) != nil)
    }

    @Test(arguments: [
        #"[]"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":1}x"#,
        #"{"a":"\u12"}"#, "{\"a\":\"\u{1}\"}", #"{"a":-}"#, #"{"a":1e}"#, #"{"#, "",
    ])
    func malformedTextFails(text: String) {
        #expect(!Array(text.utf8).withUnsafeBytes { JSONValidator.isObject($0) })
    }
}
