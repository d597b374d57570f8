public import SluiceCore
import SluiceGeoIP

/// `filter { geoip { ... } }`, as logstash-filter-geoip 8: the source's address (a list: its first
/// element) looked up, each field found set under `target`, then the common options. An empty
/// source leaves the event alone but tagged; text that is not an address, or an address the
/// database has nothing for, sets `target` to `{}` (unless it exists) and tags the event
/// (`tag_on_failure`). Names are never resolved through DNS (Logstash's `InetAddress.getByName`
/// would, on the worker's thread).
public struct GeoIPFilter: Filter {
    let options: GeoIPFilterOptions
    private var cache: GeoIPCache

    public init(options: GeoIPFilterOptions) {
        self.options = options
        cache = GeoIPCache(capacity: options.cacheSize)
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let options = self.options
        guard let lookup = options.lookup else { return }
        var lookupError: String?
        for i in events.indices {
            if enrich(&events[i], options: options, lookup: lookup, error: &lookupError) {
                options.common.apply(to: &events[i])
            } else {
                for tag in options.tagOnFailure { events[i].tag(tag) }
            }
        }
        // A database that fails to read (corrupt past its header) is said once per batch.
        if let lookupError { context.log.warning("geoip lookups failed in this batch; the events were tagged", ["error": lookupError]) }
    }

    /// `true` when at least one field was set.
    private mutating func enrich(_ event: inout Event, options: GeoIPFilterOptions, lookup: GeoIPLookup, error lookupError: inout String?) -> Bool {
        let text: String
        switch event[options.source] {
        case .string(let value)?: text = value
        case .array(let list)?: text = list.first.map(Template.text(of:)) ?? ""
        case let value?: text = Template.text(of: value)
        case nil: return false
        }
        let trimmed = text.trimmingASCIISpaces
        if trimmed.isEmpty { return false }
        var result: GeoIPResult?
        if let address = IPAddress(trimmed) {
            result = cache.result(for: address)
            if result == nil {
                do {
                    let fresh = options.result(of: try lookup.lookup(address))
                    cache.insert(fresh, for: address)
                    result = fresh
                } catch {
                    lookupError = error.description
                }
            }
        }
        guard let result, !result.isEmpty else {
            if event[options.target] == nil { try? event.set(options.target, to: .object(OrderedObject())) }
            return false
        }
        switch event.remove(options.target) {
        case nil:
            try? event.set(options.target, to: .object(result.subtree))
        case .object(var existing)?:
            // Taken out and put back: the object is held once while merged, so nothing is copied.
            GeoIPResult.merge(result.subtree, into: &existing)
            try? event.set(options.target, to: .object(existing))
        case let other?:
            try? event.set(options.target, to: other)
            for (path, value) in result.sets { try? event.set(path, to: value) }
        }
        return true
    }
}
