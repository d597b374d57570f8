/// A parsed field reference: `foo`, `[foo][bar]`, `[list][0]`, `[@metadata][x]`.
///
/// Parsed once, at config time (`FieldPath(parsing:)`), following Logstash's strict tokenizer
/// (`FieldReference.java`): a string with no brackets is one top-level key; otherwise it must be a
/// sequence of `[segment]`s, where a segment may itself be a bracketed reference that fills it
/// completely (`[[a][b]][c]` is `[a][b][c]`). Illegal forms throw `FieldPathError`.
public struct FieldPath: Sendable, Hashable {
    /// Which map of the event a path addresses.
    public enum Root: Sendable, Hashable {
        /// The event's data (`@timestamp`, fields).
        case data
        /// `[@metadata]` itself, or inside it when `segments` is not empty.
        case metadata
    }

    /// One step of a path: a map key, and its value as a list index when it is a decimal integer.
    public struct Segment: Sendable, Hashable {
        public let key: String
        /// The key read as a list index (negative counts from the end), computed once.
        public let index: Int?

        public init(_ key: String) {
            self.key = key
            self.index = Segment.listIndex(key)
        }

        static func listIndex(_ key: String) -> Int? {
            guard let first = key.utf8.first, first == UInt8(ascii: "-") || (48...57).contains(first) else {
                return nil
            }
            return Int(key)
        }
    }

    public let root: Root
    /// The steps below the root; for `.data` never empty.
    public let segments: [Segment]
    /// The reference as written in the config.
    public let text: String

    /// `true` for `@timestamp` / `[@timestamp]`.
    public var isTimestamp: Bool {
        root == .data && segments.count == 1 && segments[0].key == "@timestamp"
    }

    /// `true` for `tags` / `[tags]` and anything below it.
    public var isTags: Bool { root == .data && segments[0].key == "tags" }

    public init(root: Root, segments: [Segment], text: String) {
        self.root = root
        self.segments = segments
        self.text = text
    }

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.root == rhs.root && lhs.segments == rhs.segments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(root)
        hasher.combine(segments)
    }
}

extension FieldPath: CustomStringConvertible {
    /// The canonical bracketed form: `[a][b]`, `[@metadata][x]`.
    public var description: String {
        var out = root == .metadata ? "[@metadata]" : ""
        for segment in segments { out += "[\(segment.key)]" }
        return out
    }
}
