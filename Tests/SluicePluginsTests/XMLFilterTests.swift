import SluiceConfig
import SluiceCore
import SluiceParsers
@testable import SluicePlugins
import SluiceTestSupport
import SluiceXML
import Testing

/// The xml filter's rules beyond the shared vectors: XmlSimple's mapping, XPath results, the
/// parser's safety, and random documents.
@Suite struct XMLFilterTests {
    private func run(_ settings: String, _ xml: String) throws -> Event {
        var filter = try StageMaker.filter("xml { source => \"m\" \(settings) }", catalog: BuiltinPlugins.catalog)
        var events = [Event(constructingFrom: ["m": .string(xml)], now: Timestamp(epochSeconds: 0))]
        filter.filter(&events, context: FilterContext(stageID: "xml", now: Timestamp(epochSeconds: 0)))
        return events[0]
    }

    /// Text beside elements goes under `content`; blank text between elements is dropped;
    /// CDATA and entities are text.
    @Test func mixedContentGoesUnderContentAndBlankTextIsDropped() throws {
        let event = try run(#"target => "d""#, "<r>\n  <a>x &amp; y</a>\n  <b><![CDATA[<raw>]]></b>\n</r>")
        #expect(event.fields["d"] == ["a": ["x & y"], "b": ["<raw>"]])
        let mixed = try run(#"target => "d""#, "<r>hello <b>world</b></r>")
        #expect(mixed.fields["d"] == ["b": ["world"], "content": "hello "])
    }

    /// Namespace declarations are attributes (`xmlns:p`), element names lose their prefix, as
    /// REXML gives them to XmlSimple.
    @Test func namespaceDeclarationsAreAttributesAndNamesLoseTheirPrefix() throws {
        let event = try run(#"target => "d""#, #"<r xmlns:h="urn:h"><h:div h:class="c">t</h:div></r>"#)
        #expect(event.fields["d"] == ["xmlns:h": "urn:h", "div": [["h:class": "c", "content": "t"]]])
    }

    /// A root holding only text is that text.
    @Test func aRootWithOnlyTextIsThatText() throws {
        #expect(try run(#"target => "d""#, "<r>plain</r>").fields["d"] == "plain")
    }

    /// XPath: strings and numbers as text (numbers as Ruby prints floats); attributes as their
    /// values; one result without force_array is a string.
    @Test func xpathResultsAreTexts() throws {
        let xml = #"<r><i id="1">a</i><i id="2">b</i></r>"#
        let event = try run(
            #"store_xml => false xpath => { "count(//i)" => "n" "//i/@id" => "ids" "name(/*)" => "root" }"#,
            xml)
        #expect(event.fields["n"] == ["2.0"])
        #expect(event.fields["ids"] == ["1", "2"])
        #expect(event.fields["root"] == ["r"])
        let single = try run(#"store_xml => false force_array => false xpath => { "//i[1]/text()" => "first" }"#, xml)
        #expect(single.fields["first"] == "a")
    }

    @Test func anXPathThatDoesNotCompileIsAConfigError() {
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"xml { source => "m" store_xml => false xpath => { "//[" => "x" } }"#, catalog: BuiltinPlugins.catalog)
        }
    }

    @Test func storeXMLWithoutATargetIsAConfigError() {
        #expect(throws: (any Error).self) { try StageMaker.filter(#"xml { source => "m" }"#, catalog: BuiltinPlugins.catalog) }
    }

    /// Options that let a document read files are refused, and a document's external entity is
    /// never read: the parser neither loads DTDs nor substitutes their entities.
    @Test func externalEntitiesAreNeverRead() throws {
        #expect(throws: (any Error).self) {
            try StageMaker.filter(#"xml { source => "m" target => "d" parse_options => "noent" }"#, catalog: BuiltinPlugins.catalog)
        }
        let xml = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#
        let event = try run(#"target => "d""#, xml)
        #expect(!JSONWriter.string(event.fields["d"] ?? .null).contains("root:"))
    }

    /// Parsed with any settings, random documents and non-documents only ever set fields or
    /// tag `_xmlparsefailure`.
    @Test func tenThousandRandomLinesThroughRandomSettingsOnlyTagOrSet() throws {
        var random = SplitMix(seed: 0x0786_D1)
        let settings = [
            #"target => "d""#, #"target => "d" force_array => false"#, #"target => "d" force_content => true suppress_empty => false"#,
            #"store_xml => false xpath => { "//*" => "all" "//@*" => "attributes" }"#, #"target => "d" parse_options => "strict""#,
            #"target => "[d][e]" remove_namespaces => true xpath => { "//text()" => "texts" }"#,
        ]
        let pieces = ["<a>", "</a>", "<b x='1'>", "</b>", "<c/>", "text", " ", "&amp;", "&bad;", "<![CDATA[z]]>", "<!-- c -->", "<", ">", "\"", "é", "<p:q xmlns:p='u'>", "</p:q>"]
        for round in 0..<100 {
            var filter = try StageMaker.filter("xml { source => \"message\" \(settings[round % settings.count]) }", catalog: BuiltinPlugins.catalog)
            var events: [Event] = (0..<100).map { _ in
                var line = ""
                for _ in 0..<Int(random.next() % 12) { line += pieces[Int(random.next() % UInt64(pieces.count))] }
                return Event(message: line, timestamp: Timestamp(epochSeconds: Int64(round)))
            }
            filter.filter(&events, context: FilterContext(stageID: "xml", now: Timestamp(epochSeconds: 0)))
            for event in events {
                let tags = (event.fields["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(tags.allSatisfy { $0 == "_xmlparsefailure" }, "\(tags)")
                #expect(event.fields["message"] != nil)
            }
        }
    }
}
