public import SluiceCore

/// `filter { truncate { ... } }`: every string of the named fields (of every field when none
/// are named), inside lists and objects too, longer than `length_bytes` is cut to at most that
/// many bytes, at a character boundary (Logstash's `byteslice` can split one). The common options
/// apply when something was cut.
public struct TruncateFilter: Filter {
    let options: TruncateFilterOptions

    public init(options: TruncateFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            var cut = false
            if options.fields.isEmpty {
                for (key, value) in events[i].fields {
                    var changed = value
                    if truncate(&changed) {
                        cut = true
                        try? events[i].setField(key, to: changed)
                    }
                }
            } else {
                for path in options.fields {
                    guard var value = events[i][path] else { continue }
                    if truncate(&value) {
                        cut = true
                        try? events[i].set(path, to: value)
                    }
                }
            }
            if cut { options.common.apply(to: &events[i]) }
        }
    }

    /// Cuts the strings in `value`; true when one was cut.
    private func truncate(_ value: inout Value) -> Bool {
        switch value {
        case .string(let text):
            guard let cut = Self.prefix(text, bytes: options.lengthBytes) else { return false }
            value = .string(cut)
            return true
        case .array(var list):
            var any = false
            for index in list.indices where truncate(&list[index]) { any = true }
            if any { value = .array(list) }
            return any
        case .object(var object):
            var any = false
            for (key, item) in object {
                var changed = item
                if truncate(&changed) {
                    object[key] = changed
                    any = true
                }
            }
            if any { value = .object(object) }
            return any
        default:
            return false
        }
    }

    /// The longest prefix of `text` within `bytes` bytes that ends on a character boundary;
    /// `nil` when the text fits already.
    static func prefix(_ text: String, bytes: Int) -> String? {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return nil }
        var end = bytes
        let view = Array(utf8)
        while end > 0 && view[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a multi-byte character
        return String(decoding: view[..<end], as: UTF8.self)
    }
}
