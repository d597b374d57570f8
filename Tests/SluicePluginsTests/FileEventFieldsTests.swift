import SluiceConfig
import SluiceCore
@testable import SluicePlugins
import Testing

/// The file input makes each plain line's event in one pass (`FileEventFields.events(fromLines:)`):
/// it must give exactly the events of the general way (`Event(message:)`, then the input's fields
/// set one by one), fields in the same order, for every option that changes them.
@Suite struct FileEventFieldsTests {
    static let now = Timestamp(epochSeconds: 1_705_000_000)

    static func block(_ text: String, maxLineBytes: Int = 16) -> LineBlock {
        var decoder = LineDecoder(format: .line, maxLineBytes: maxLineBytes)
        var block = LineBlock()
        Array(text.utf8).withUnsafeBytes { decoder.split($0, into: &block) }
        decoder.finish(into: &block)
        return block
    }

    static let decorations: [PluginOptions] = [
        PluginOptions(values: ["add_field": .hash([])]),
        PluginOptions(values: [
            "type": .string("app"), "tags": .array([.string("a"), .string("b")]),
            "add_field": .hash([OptionHashEntry(key: "[svc][name]", value: .string("x-%{message}"))]),
        ]),
    ]

    @Test(arguments: [true, false], [0, 1])
    func onePassEventsEqualTheGeneralWay(ecs: Bool, decoration: Int) throws {
        var reader = OptionReader(pluginName: "file", kind: .input, options: Self.decorations[decoration])
        let fields = FileEventFields(path: "/var/log/app.log", host: "web-1", ecs: ecs, decoration: InputDecoration(&reader))
        let block = Self.block("first line\r\n\nsecond é\n0123456789abcdefXYZ too long\nlast\n")
        var expected: [Event] = []
        block.appendEvents(format: .line, now: Self.now, reader: nil, into: &expected)
        fields.apply(to: &expected)
        let made = fields.events(fromLines: block, now: Self.now)
        #expect(made.count == 5)
        #expect(made == expected)
        #expect(made.map { $0.fields.keys } == expected.map { $0.fields.keys })
        #expect(made.map { $0.metadata.keys } == expected.map { $0.metadata.keys })
        #expect(made.map { $0.tags } == expected.map { $0.tags })
        #expect(made[3].tags.contains("_linetoolong"))
        #expect(made[0].field("message") == "first line")
    }
}
