import SluiceConfig
import SluiceCore
import SluiceParsers
import SluicePlugins
import SluiceTestSupport
import Testing

/// csv's rules beyond the shared vectors, each a test.
@Suite struct CSVFilterTests {
    func run(_ block: String, _ messages: [String]) throws -> [Event] {
        var filter = try StageMaker.filter(block, catalog: BuiltinPlugins.catalog)
        var events = messages.map { Event(message: $0, timestamp: Timestamp(epochSeconds: 0)) }
        filter.filter(&events, context: FilterContext(stageID: "csv", now: Timestamp(epochSeconds: 0)))
        return events
    }

    func fields(_ line: String, separator: String = ",", quote: UInt8? = UInt8(ascii: "\"")) throws -> [CSVLineParser.Field]? {
        var copy = line
        return try copy.withUTF8 { try CSVLineParser(separator: Array(separator.utf8), quote: quote).parse(UnsafeRawBufferPointer($0)) }
    }

    /// A doubled quote inside a quoted field is one quote; separators inside quotes are text.
    @Test func aDoubledQuoteInsideQuotesIsOneQuote() throws {
        let events = try run(#"csv { }"#, [#"a,"say ""hi"", then go",c"#])
        #expect(events[0].fields["column2"] == .string(#"say "hi", then go"#))
        #expect(events[0].fields["column3"] == .string("c"))
    }

    /// An empty unquoted value is set as null, an empty quoted one as "" (Ruby's CSV).
    @Test func anEmptyUnquotedValueIsNullAndAnEmptyQuotedOneIsEmptyText() throws {
        let events = try run(#"csv { }"#, [#"a,,"",d,"#])
        #expect(events[0].fields["column2"] == .null)
        #expect(events[0].fields["column3"] == .string(""))
        #expect(events[0].fields["column5"] == .null)
    }

    /// Ruby's "Illegal quoting" and "Any value after quoted field isn't allowed": the event gets
    /// `_csvparsefailure` and no column.
    @Test func malformedQuotingTagsCsvParseFailure() throws {
        for line in [#"a,b"c,d"#, #"a,"b"c,d"#, #"a,"unclosed"#] {
            let events = try run(#"csv { }"#, [line])
            #expect(events[0].fields["tags"] == .array([.string("_csvparsefailure")]), "\(line)")
            #expect(events[0].fields["column1"] == nil, "\(line)")
        }
    }

    /// An empty row is a parse failure, or `_csvskippedemptyfield` with `skip_empty_rows`.
    @Test func anEmptyRowIsTaggedAsSkipEmptyRowsSays() throws {
        #expect(try run(#"csv { }"#, [""])[0].fields["tags"] == .array([.string("_csvparsefailure")]))
        #expect(try run(#"csv { skip_empty_rows => true }"#, [""])[0].fields["tags"] == .array([.string("_csvskippedemptyfield")]))
    }

    /// A separator may be several characters; a tab is a real tab.
    @Test func aSeparatorMayBeSeveralCharacters() throws {
        let events = try run(#"csv { separator => "||" columns => ["a", "b"] }"#, ["x||y|z"])
        #expect(events[0].fields["a"] == .string("x"))
        #expect(events[0].fields["b"] == .string("y|z"))
        let tabs = try run("csv { separator => \"\t\" }", ["x\ty"])
        #expect(tabs[0].fields["column2"] == .string("y"))
    }

    /// `parse_line` reads one row: what follows the first line end is not read.
    @Test func theRowEndsAtTheFirstLineEndOutsideQuotes() throws {
        #expect(try fields("a,b\nc,d") == [.bytes(0..<1), .bytes(2..<3)])
        #expect(try fields("\"a\nb\",c\r\n") == [.bytes(1..<4), .bytes(6..<7)])
    }

    /// `autodetect_column_names`: the first row any worker sees names the columns for all of them
    /// and is dropped.
    @Test func autodetectedColumnNamesAreSharedByTheWorkers() throws {
        let options = try StageMaker.options(.filter, #"csv { autodetect_column_names => true }"#, catalog: BuiltinPlugins.catalog, as: CSVFilterOptions.self)
        var first = CSVFilter(options: options)
        var second = CSVFilter(options: options)
        var header = [Event(message: "host,status", timestamp: Timestamp(epochSeconds: 0))]
        first.filter(&header, context: FilterContext(stageID: "csv", now: Timestamp(epochSeconds: 0)))
        #expect(header.isEmpty, "the header row is dropped")
        var row = [Event(message: "web-1,200", timestamp: Timestamp(epochSeconds: 0))]
        second.filter(&row, context: FilterContext(stageID: "csv", now: Timestamp(epochSeconds: 0)))
        #expect(row[0].fields["host"] == .string("web-1"))
        #expect(row[0].fields["status"] == .string("200"))
    }

    /// `convert => integer` is Ruby's `Integer()`: underscores, prefixes, spaces; what does not
    /// convert stays text.
    @Test func integerConversionIsRubysInteger() throws {
        let events = try run(#"csv { convert => { "column1" => "integer" "column2" => "integer" "column3" => "integer" "column4" => "float" } }"#, [" 1_000 ,0x1f,12ab,2.5e3"])
        #expect(events[0].fields["column1"] == .int(1000))
        #expect(events[0].fields["column2"] == .int(31))
        #expect(events[0].fields["column3"] == .string("12ab"))
        #expect(events[0].fields["column4"] == .double(2500))
    }

    /// Random lines through random settings: only fields or `_csvparsefailure`/`_csvskippedemptyfield`, never a trap.
    @Test func tenThousandRandomLinesThroughRandomSettingsOnlyTagOrSet() throws {
        var random = SplitMix(seed: 0xC5F_C5F)
        let settings = [
            "", "separator => \";\"", "quote_char => \"'\"", "skip_empty_columns => true", "skip_empty_rows => true",
            "columns => [\"a\", \"[n][b]\"]", "autogenerate_column_names => false", "target => \"t\"",
            "convert => { \"column1\" => \"integer\" \"column2\" => \"date_time\" }", "skip_header => true columns => [\"a\"]",
        ]
        let alphabet = Array("ab,;'\" \n\r1-:é".unicodeScalars)
        for round in 0..<100 {
            let block = "csv { \(settings[Int(random.next() % UInt64(settings.count))]) \(settings[Int(random.next() % UInt64(settings.count))]) }"
            guard var filter = try? StageMaker.filter(block, catalog: BuiltinPlugins.catalog) else { continue }
            var events: [Event] = (0..<100).map { _ in
                var line = ""
                for _ in 0..<Int(random.next() % 40) { line.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
                return Event(message: line, timestamp: Timestamp(epochSeconds: Int64(round)))
            }
            filter.filter(&events, context: FilterContext(stageID: "csv", now: Timestamp(epochSeconds: 0)))
            for event in events {
                let tags = (event.fields["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(tags.allSatisfy { $0 == "_csvparsefailure" || $0 == "_csvskippedemptyfield" }, "\(block): \(tags)")
                #expect(event.fields["message"] != nil)
            }
        }
    }
}
