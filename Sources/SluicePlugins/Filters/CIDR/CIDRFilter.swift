public import SluiceCore

/// `filter { cidr { ... } }`, as logstash-filter-cidr: when any of the event's addresses is in any
/// of the networks, the common options are applied (nothing else changes; no match, no tag).
/// Text that is not an address, or a rendered network that is not a network, is skipped.
public struct CIDRFilter: FileReloadingFilter {
    let options: CIDRFilterOptions

    public init(options: CIDRFilterOptions) {
        self.options = options
    }

    public func reloadFiles() {
        guard case .file(let path, let separator, _, let store) = options.networks else { return }
        store.reloadNow { _ in CIDRFilterOptions.reread(path, separator: separator) }
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        let options = self.options
        var fromFile: [IPNetwork] = []
        if case .file(let path, let separator, let interval, let store) = options.networks {
            fromFile = store.current(at: context.now, every: interval) { _ in CIDRFilterOptions.reread(path, separator: separator) }.0
        }
        for i in events.indices where Self.matches(events[i], options: options, fromFile: fromFile) {
            options.common.apply(to: &events[i])
        }
    }

    static func matches(_ event: Event, options: CIDRFilterOptions, fromFile: [IPNetwork]) -> Bool {
        let addresses = Self.addresses(of: event, options.addresses)
        guard !addresses.isEmpty else { return false }
        switch options.networks {
        case .file:
            return addresses.contains { address in fromFile.contains { $0.contains(address) } }
        case .inline(let fixed, let templates):
            if addresses.contains(where: { address in fixed.contains { $0.contains(address) } }) { return true }
            for template in templates {
                for part in template.render(event).split(separator: ",") {
                    guard let network = IPNetwork(part.trimmingASCIISpaces) else { continue }
                    if addresses.contains(where: network.contains) { return true }
                }
            }
            return false
        }
    }

    static func addresses(of event: Event, _ source: CIDRFilterOptions.Addresses) -> [IPAddress] {
        switch source {
        case .templates(let templates):
            return templates.compactMap { IPAddress($0.render(event).trimmingASCIISpaces) }
        case .field(let path):
            switch event[path] {
            case .array(let list)?: return list.compactMap { IPAddress(Template.text(of: $0)) }
            case let value?: return IPAddress(Template.text(of: value)).map { [$0] } ?? []
            case nil: return []
            }
        }
    }
}
