import SluiceConfig
import SluiceCore

/// Codec settings (`codec => json_lines`, `codec => line { format => "..." }`), checked where the
/// plugin's options are decoded: a codec an input cannot read with, or a codec setting Sluice does
/// not know, is found by `sluice check`.
extension OptionReader {
    /// The codecs an input can decode with.
    static let inputCodecs = ["json", "json_lines", "line", "plain"]

    /// The codec settings each codec accepts, and those accepted with no effect (and why).
    static let codecSettings: [String: Set<String>] = [
        "json": ["charset"], "json_lines": ["charset", "delimiter"], "line": ["charset", "delimiter", "format"],
        "plain": ["charset", "format"], "rubydebug": ["metadata"], "dots": [],
    ]

    /// The input's codec name (`line`, `plain`, `json`, `json_lines`).
    mutating func inputCodecName() -> String {
        let codec = self.codec()
        guard Self.inputCodecs.contains(codec.name) else {
            problem(
                "codec", "codec \"\(codec.name)\" cannot decode input",
                hint: "inputs read with \(Self.inputCodecs.joined(separator: ", "))")
            return "plain"
        }
        checkCodecSettings(codec)
        if let delimiter = codec.settings["delimiter"]?.stringValue, delimiter != "\n" {
            problem("codec", "codec \(codec.name): only the delimiter \"\\n\" is supported", hint: "remove delimiter")
        }
        return codec.name
    }

    /// The output's encoder, from its codec setting.
    mutating func eventEncoder() -> EventEncoder {
        let codec = self.codec()
        checkCodecSettings(codec)
        let format = codec.settings["format"].flatMap(\.stringValue).flatMap { template($0, setting: "codec") }
        switch codec.name {
        case "json_lines": return .jsonLines
        case "json": return .json
        case "line": return .line(format)
        case "plain": return .plain(format)
        case "rubydebug": return .rubydebug
        case "dots": return .dots
        default:
            problem("codec", "codec \"\(codec.name)\" cannot encode output")
            return .jsonLines
        }
    }

    private mutating func checkCodecSettings(_ codec: CodecSetting) {
        let known = Self.codecSettings[codec.name] ?? []
        for name in codec.settings.keys.sorted() {
            if !known.contains(name) {
                let close = Suggestion.closest(to: name, in: Array(known))
                problem(
                    "codec", "unknown setting \"\(name)\" for codec \"\(codec.name)\"" + (close.map { " (did you mean \"\($0)\"?)" } ?? ""),
                    hint: known.isEmpty ? "codec \(codec.name) has no settings" : "its settings: \(known.sorted().joined(separator: ", "))")
            } else if name == "charset", let charset = codec.settings[name]?.stringValue, charset.uppercased() != "UTF-8" {
                warning(
                    "codec", "codec \(codec.name): charset \"\(charset)\" has no effect",
                    hint: "Sluice reads and writes UTF-8; invalid bytes are replaced")
            } else if name == "metadata" {
                warning("codec", "codec rubydebug: metadata has no effect", hint: "@metadata is never printed by Sluice's rubydebug")
            }
        }
    }
}
