public import SluiceCore
import SluiceRegex

/// `filter { translate { ... } }` with logstash-filter-translate's behaviour: the source's value
/// (a number or boolean as text; a list's first element) is looked up — the whole value as a key
/// (`exact`), each key found inside it replaced (`exact => false`), keys as regexes (`regex`) —
/// and the result set at `target` (an existing target is kept unless `override`). No match sets
/// `fallback` when given. With `iterate_on` each element of that list is translated: its values
/// (when it is the source) into a list at `target`, or each object's `source` into its `target`.
/// A translation applies the common options.
public struct TranslateFilter: FileReloadingFilter {
    let options: TranslateFilterOptions
    /// Regex keys compiled for this worker, for the dictionary version they were made from.
    private var compiled: (version: Int, regexes: [(OnigurumaRegex, Value)])?
    /// The keys' bytes and their values as text (`exact => false`), for the dictionary version
    /// they were made from.
    private var substitutions: (version: Int, pairs: [(key: [UInt8], value: [UInt8])])?

    public init(options: TranslateFilterOptions) {
        self.options = options
    }

    public func reloadFiles() {
        let options = self.options
        options.store.reloadNow(options.refreshed(from:))
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let options = self.options
        let (dictionary, version) = options.store.current(at: context.now, every: options.refreshInterval, reload: options.refreshed(from:))
        if options.regex && compiled?.version != version {
            compiled = (version, dictionary.keys.compactMap { key in
                (try? OnigurumaRegex(key, dotMatchesNewline: false)).map { ($0, dictionary[key] ?? .null) }
            })
        }
        if !options.exact && !options.regex && substitutions?.version != version {
            substitutions = (version, dictionary.keys.filter { !$0.isEmpty }.map { key in
                (Array(key.utf8), Array(Template.text(of: dictionary[key] ?? .null).utf8))
            })
        }
        for i in events.indices { filter(&events[i], dictionary) }
    }

    func filter(_ event: inout Event, _ dictionary: TranslateDictionary) {
        if let iterateOn = options.iterateOn {
            guard case .array(var list)? = event[iterateOn] else { return }
            var matched = false
            if iterateOn == options.source {
                let translated = list.map { item -> Value in
                    if let found = translate(item, dictionary) {
                        matched = true
                        return found
                    }
                    return options.fallback.map { .string($0.render(event)) } ?? item
                }
                if !options.override, let existing = event[options.target], !existing.isNull, options.target != options.source { return }
                try? event.set(options.target, to: .array(translated))
                matched = matched || options.fallback != nil
            } else {
                guard let sourceKey = options.source.segments.last?.key, let targetKey = options.target.segments.last?.key else { return }
                for index in list.indices {
                    guard case .object(var object) = list[index], let value = object[sourceKey] else { continue }
                    if !options.override && object[targetKey] != nil { continue }
                    if let found = translate(value, dictionary) {
                        object[targetKey] = found
                        matched = true
                    } else if let fallback = options.fallback {
                        object[targetKey] = .string(fallback.render(event))
                        matched = true
                    }
                    list[index] = .object(object)
                }
                try? event.set(iterateOn, to: .array(list))
            }
            if matched { options.common.apply(to: &event) }
            return
        }
        guard let value = event[options.source], !value.isNull else { return }
        if !options.override, options.target != options.source, let existing = event[options.target], !existing.isNull { return }
        if let found = translate(value, dictionary) {
            try? event.set(options.target, to: found)
        } else if let fallback = options.fallback {
            try? event.set(options.target, to: .string(fallback.render(event)))
        } else {
            return
        }
        options.common.apply(to: &event)
    }

    /// The translation of one value, or `nil` when nothing matches.
    private func translate(_ value: Value, _ dictionary: TranslateDictionary) -> Value? {
        let item = value.arrayValue?.first ?? value
        let text: String
        switch item {
        case .string(let s): text = s
        case .int, .double, .bool, .bigNumber: text = Template.text(of: item)
        default: return nil
        }
        switch (options.exact, options.regex) {
        case (true, false):
            return dictionary[text]
        case (true, true):
            for (regex, translation) in compiled?.regexes ?? [] where regex.matches(text) { return translation }
            return nil
        case (false, false):
            return substituted(text)
        case (false, true):
            var result = text
            var changed = false
            for (regex, translation) in compiled?.regexes ?? [] {
                if let replaced = Self.replacingAll(regex, in: result, with: Template.text(of: translation)) {
                    result = replaced
                    changed = true
                }
            }
            return changed ? .string(result) : nil
        }
    }

    /// `exact => false`: each key found in the text (the first in dictionary order at each
    /// position) replaced by its value; `nil` when none is there.
    private func substituted(_ text: String) -> Value? {
        let pairs = substitutions?.pairs ?? []
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        var changed = false
        outer: while i < bytes.count {
            for pair in pairs where bytes.count - i >= pair.key.count && bytes[i..<(i + pair.key.count)].elementsEqual(pair.key) {
                out.append(contentsOf: pair.value)
                i += pair.key.count
                changed = true
                continue outer
            }
            out.append(bytes[i])
            i += 1
        }
        return changed ? .string(String(decoding: out, as: UTF8.self)) : nil
    }

    /// Every match of `regex` in `text` replaced by `replacement`; `nil` when there is none.
    static func replacingAll(_ regex: OnigurumaRegex, in text: String, with replacement: String) -> String? {
        ByteSearch.withBytes(of: text) { raw -> String? in
            var out: [UInt8] = []
            var position = 0
            var last = 0
            var any = false
            while position <= raw.count, regex.search(raw, from: position) == .matched, let whole = regex.range(of: 0) {
                any = true
                out.append(contentsOf: raw[last..<whole.lowerBound])
                out.append(contentsOf: replacement.utf8)
                last = whole.upperBound
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
            guard any else { return nil }
            out.append(contentsOf: raw[min(last, raw.count)...])
            return String(decoding: out, as: UTF8.self)
        }
    }
}
