import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// The fingerprint filter's rules beyond the shared vectors, and its two hand-written parts
/// (MurmurHash3, IP addresses) against reference values.
@Suite struct FingerprintFilterTests {
    private func run(_ settings: String, _ input: OrderedObject) throws -> Event {
        var filter = try StageMaker.filter("fingerprint { \(settings) }", catalog: BuiltinPlugins.catalog)
        var events = [Event(constructingFrom: input, now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "fingerprint", now: Timestamp(epochSeconds: 0)))
        return events[0]
    }

    private func field(_ event: Event, _ reference: String) -> Value? {
        (try? FieldPath(parsing: reference)).flatMap { event[$0] }
    }

    /// The spec's example: `concatenate_all_fields` hashes `|name|value|` of every field in name
    /// order, `@timestamp` and `@version` included, then a closing `|`.
    @Test func concatenateAllFieldsHashesEveryFieldInNameOrder() throws {
        let event = try run(
            "concatenate_all_fields => true ecs_compatibility => disabled",
            [
                "@timestamp": "2017-07-26T14:44:27.064Z", "clientip": "123.123.123.123", "message": "This is a test message",
                "log_level": "INFO", "offset": 123_456_789, "type": "test",
            ])
        #expect(field(event, "fingerprint") == "cbf022518e97860403160ed8a41847c0db104e63")
    }

    /// A list in a source gives a list of hashes, one per element.
    @Test func multipleValuesInTheSourceFieldProduceAFingerprintArray() throws {
        let event = try run(#"source => "clientip""#, ["clientip": ["123.123.123.123", "223.223.223.223"]])
        #expect(
            field(event, "[event][hash]")
                == .array(["3a5076c520b4b463f43806896ea0b3978d09dcae", "47bbc4e06edebbace047fed35abeceec64968b81"]))
    }

    /// The spec's PUNCTUATION example: only punctuation and symbols stay.
    @Test func punctuationMethodKeepsOnlyPunctuationAndSymbols() throws {
        let message =
            "PHP Warning:  json_encode() [<a href='function.json-encode'>function.json-encode</a>]: Invalid UTF-8 sequence in argument in /var/www/htdocs/test.php on line 233"
        let event = try run(#"method => "PUNCTUATION" source => "field1" add_tag => ["done"]"#, ["field1": .string(message)])
        #expect(field(event, "[event][hash]") == ":_()[<='.-'>.-</>]:-////.")
        #expect(event.fields["tags"] == .array(["done"]))
    }

    @Test func ipv4NetworkMasksTheAddressToKeyBits() throws {
        let event = try run(#"method => "IPV4_NETWORK" key => "16" source => "ip""#, ["ip": "10.20.30.40"])
        #expect(field(event, "[event][hash]") == "10.20.0.0")
        let v6 = try run(#"method => "IPV4_NETWORK" key => "32" source => "ip""#, ["ip": "2001:db8:aaaa:bbbb::1"])
        #expect(field(v6, "[event][hash]") == "2001:db8::")
    }

    /// Better than Logstash, which raises: a source that is not an address is tagged and left.
    @Test func ipv4NetworkOnTextThatIsNotAnAddressTagsFingerprintFailure() throws {
        let event = try run(#"method => "IPV4_NETWORK" key => "24" source => "ip" add_tag => ["done"]"#, ["ip": "not-an-ip"])
        #expect(event.fields["tags"] == .array(["_fingerprintfailure"]))
        #expect(field(event, "[event][hash]") == nil)
    }

    @Test func ipv4NetworkWithoutAPrefixLengthIsAConfigError() {
        #expect(throws: (any Error).self) { try StageMaker.filter(#"fingerprint { method => "IPV4_NETWORK" }"#, catalog: BuiltinPlugins.catalog) }
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"fingerprint { method => "IPV4_NETWORK" key => "wide" }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    /// Without a key the SHA and MD5 methods are plain digests; with one, HMACs.
    @Test func aKeyMakesTheDigestAnHMAC() throws {
        let plain = try run(#"method => "SHA256" source => "m""#, ["m": "abc"])
        let keyed = try run(#"method => "SHA256" source => "m" key => "k""#, ["m": "abc"])
        #expect(field(plain, "[event][hash]") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(field(keyed, "[event][hash]") != field(plain, "[event][hash]"))
    }

    /// Reference values of the murmurhash3 gem (x86_32 seed 0; x64_128 seed 2), across the
    /// block and tail lengths.
    @Test func murmurHash3MatchesTheReferenceValues() {
        let cases: [(String, UInt32, String)] = [
            ("", 0, "e85d6c701ab844305ba3e837cc6bf918"),
            ("a", 1_009_084_850, "16554941ef3913732fe04933fe0c526b"),
            ("abcd", 1_139_631_978, "ad214fb36e60ea3b3428814c2b3a503e"),
            ("hello", 613_153_351, "648a66fb923498d0ddfbffbb29aa9d64"),
            ("The quick brown fox jumps over the lazy dog", 776_992_547, "dcd8970e8b4270158c6fdd9481c3cbe3"),
            ("0123456789abcdef0", 2_398_752_365, "1831ba51e6b1e465735dece9e714d173"),
        ]
        for (text, x86, x64) in cases {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { MurmurHash3.x86_32($0) } == x86, "\(text)")
            #expect(bytes.withUnsafeBytes { MurmurHash3.x64_128($0) }.withUnsafeBytes { Hex.string($0) } == x64, "\(text)")
        }
    }

    /// Ruby's IPAddr#to_s: the longest zero run (the first of equal ones) becomes `::`.
    @Test func ipAddressesPrintAsRubysIPAddr() {
        let cases: [(String, String?)] = [
            ("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
            ("::1", "::1"), ("::", "::"), ("1::", "1::"), ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("::102:304", "::1.2.3.4"), ("fe80::1:2", "fe80::1:2"), ("[2001:db8::7]", "2001:db8::7"),
            ("192.168.001.1", nil), ("1.2.3", nil), ("1.2.3.256", nil), ("1:2:3:4:5:6:7:8:9", nil), ("1::2::3", nil), (":1", nil),
        ]
        for (text, printed) in cases {
            #expect(IPAddress(text)?.description == printed, "\(text)")
        }
        #expect(IPAddress("192.168.1.77")?.masked(to: 24).description == "192.168.1.0")
        #expect(IPAddress("10.0.0.1")?.masked(to: 0).description == "0.0.0.0")
    }
}
