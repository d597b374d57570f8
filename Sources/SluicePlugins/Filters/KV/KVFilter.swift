public import SluiceCore
import SluiceParsers

/// `filter { kv { ... } }` with logstash-filter-kv's behaviour: the source (a string, or each
/// string of a list) is scanned for pairs; each key is trimmed, stripped of `remove_char_key`,
/// case-changed, checked against `include_keys`/`exclude_keys`, then prefixed; each value trimmed,
/// stripped and case-changed the same way. A key seen again collects its values in a list
/// (`allow_duplicate_values => false`: only values not seen yet). `default_keys` fill what the text
/// lacks. The pairs go under `target` (replacing it) or to the event's fields; then the common
/// options apply. No pairs: nothing changes. A scan stopped by its step limit adds
/// `tag_on_timeout` and sets nothing; a key that is not a valid field reference is left out and
/// the event gets `tag_on_failure` (the other pairs are kept).
public struct KVFilter: Filter {
    let options: KVFilterOptions
    private let regex: KVRegexScanner
    private let trimKey, trimValue, removeCharKey, removeCharValue: KVCharacterMatcher?
    /// Field paths of keys seen before (keys repeat from event to event); cleared when full.
    private var paths: [String: FieldPath?] = [:]
    /// Scans stopped by the step limit, by this instance.
    private(set) var timeouts = 0

    public init(options: KVFilterOptions) {
        self.options = options
        guard let regex = try? KVRegexScanner(options.regex, retryLimit: options.retryLimit) else {
            preconditionFailure("kv scan regex compiled when decoded: \(options.regex.source)")
        }
        self.regex = regex
        trimKey = options.trimKey.map(KVCharacterMatcher.init)
        trimValue = options.trimValue.map(KVCharacterMatcher.init)
        removeCharKey = options.removeCharKey.map(KVCharacterMatcher.init)
        removeCharValue = options.removeCharValue.map(KVCharacterMatcher.init)
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let before = timeouts
        for i in events.indices { filter(&events[i]) }
        if timeouts > before {
            context.metrics.add(KVMetric.timeouts.rawValue, timeouts - before)
            context.log.warning("kv: a scan ran past its step limit and was stopped", ["stage": context.stageID, "count": "\(timeouts)"])
        }
    }

    /// The keys `include_keys` and `exclude_keys` name for one event.
    struct KeySelection {
        let include: Set<String>
        let exclude: Set<String>

        func admits(_ key: String) -> Bool { (include.isEmpty || include.contains(key)) && !exclude.contains(key) }
    }

    mutating func filter(_ event: inout Event) {
        guard let value = event[options.source] else { return }
        let texts: [String]
        switch value {
        case .string(let text): texts = [text]
        case .array(let list): texts = list.compactMap(\.stringValue)
        default: return
        }
        let selection = KeySelection(include: keys(options.includeKeys, event), exclude: keys(options.excludeKeys, event))
        let prefix = options.prefix?.render(event) ?? ""
        var found = OrderedObject()
        for text in texts {
            guard parse(text, selection, prefix, into: &found) else {
                timeouts += 1
                event.tag(options.tagOnTimeout)
                return
            }
        }
        if !options.defaultKeys.isEmpty {
            var merged = OrderedObject()
            for entry in options.defaultKeys { merged[entry.key] = found[entry.key] ?? entry.value }
            for (key, value) in found where merged[key] == nil { merged[key] = value }
            found = merged
        }
        guard !found.isEmpty else { return }
        var failed = false
        if let target = options.target {
            failed = (try? event.set(target, to: .object(found))) == nil
        } else {
            event.reserveFields(found.count)
            for (key, value) in found {
                if !key.isEmpty && !ByteSearch.withBytes(of: key, { ByteSearch.contains(UInt8(ascii: "["), in: $0) }) {
                    if (try? event.setField(key, to: value)) == nil { failed = true }
                } else if let path = path(of: key), (try? event.set(path, to: value)) != nil {
                    continue
                } else {
                    failed = true
                }
            }
        }
        if failed {
            for tag in options.tagOnFailure { event.tag(tag) }
        } else {
            options.common.apply(to: &event)
        }
    }

    private func keys(_ list: KVFilterOptions.KeyList, _ event: Event) -> Set<String> {
        switch list {
        case .fixed(let keys): keys
        case .perEvent(let templates): Set(templates.map { $0.render(event) })
        }
    }

    /// Adds the pairs of `text` to `found`; false when the scan was stopped by its step limit.
    private func parse(_ text: String, _ selection: KeySelection, _ prefix: String, into found: inout OrderedObject) -> Bool {
        ByteSearch.withBytes(of: text) { raw -> Bool in
            var pairs: [KVPair] = []
            pairs.reserveCapacity(16)
            if let bytes = options.bytes, !ByteSearch.contains(UInt8(ascii: "\\"), in: raw) {
                bytes.scan(raw, into: &pairs)
            } else if !regex.scan(raw, into: &pairs) {
                return false
            }
            found.reserveCapacity(found.count + pairs.count)
            for pair in pairs {
                let value: String
                if let range = pair.value {
                    value = ByteSearch.string(raw, range)
                } else if options.allowEmptyValues {
                    value = ""
                } else {
                    continue
                }
                guard add(ByteSearch.string(raw, pair.key), value, selection, prefix, into: &found) else { return false }
            }
            return true
        }
    }

    /// One pair, trimmed, stripped, case-changed and checked, into `found`; false when a
    /// recursive scan of its value was stopped by its step limit.
    private func add(_ rawKey: String, _ rawValue: String, _ selection: KeySelection, _ prefix: String, into found: inout OrderedObject) -> Bool {
        var key = rawKey
        if let trimKey { key = trimKey.trimming(key) }
        if let removeCharKey { key = removeCharKey.removingAll(from: key) }
        if let transform = options.transformKey { key = transform.apply(key) }
        guard selection.admits(key) else { return true }
        if !prefix.isEmpty { key = prefix + key }
        var text = rawValue
        if let trimValue { text = trimValue.trimming(text) }
        if let removeCharValue { text = removeCharValue.removingAll(from: text) }
        if let transform = options.transformValue { text = transform.apply(text) }
        var value = Value.string(text)
        if !options.allowDuplicateValues, let existing = found[key] {
            if existing == value || existing.arrayValue?.contains(value) == true { return true }
        }
        if options.recursive {
            var inner = OrderedObject()
            guard parse(text, selection, prefix, into: &inner) else { return false }
            if !inner.isEmpty { value = .object(inner) }
        }
        found.withValue(forKey: key, default: .null) { slot in
            switch slot {
            case .null: slot = value
            case .array(var list):
                slot = .null
                list.append(value)
                slot = .array(list)
            default: slot = .array([slot, value])
            }
        }
        return true
    }

    /// The field a key names (`[a][b]` is nested, as Logstash's `event.set`); `nil` when it is not
    /// a valid reference.
    private mutating func path(of key: String) -> FieldPath? {
        if let known = paths[key] { return known }
        if paths.count >= 4096 { paths.removeAll(keepingCapacity: true) }
        let path = try? FieldPath(parsing: key)
        paths[key] = path
        return path
    }
}
