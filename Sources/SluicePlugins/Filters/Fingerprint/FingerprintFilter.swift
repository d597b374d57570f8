public import SluiceCore

/// `filter { fingerprint { ... } }`, as logstash-filter-fingerprint 3.5: each source present sets
/// `target` to its hash (a list: a list of hashes; several sources: the last one present wins), or
/// with `concatenate_sources` / `concatenate_all_fields` the hash of `|name|value|...|` over the
/// sources (all fields); then the common options.
///
/// Better than Logstash: an `IPV4_NETWORK` source that is not an IP address tags the event
/// `_fingerprintfailure` (Logstash raises and stops the worker), and takes IPv6 addresses too.
public struct FingerprintFilter: Filter {
    static let failureTag = "_fingerprintfailure"

    let options: FingerprintFilterOptions

    public init(options: FingerprintFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        // The work is in static functions given the options: a method of this struct called
        // from here (or a closure in one) copied the whole filter per event.
        let options = self.options
        var scratch = ByteSink(capacity: 512)
        for i in events.indices {
            if Self.filterOne(&events[i], options: options, scratch: &scratch) {
                options.common.apply(to: &events[i])
            } else {
                events[i].tag(Self.failureTag)
            }
        }
    }

    /// Fingerprints one event; `false` when a value could not be (an IPV4_NETWORK source that is
    /// not an address).
    private static func filterOne(_ event: inout Event, options: FingerprintFilterOptions, scratch: inout ByteSink) -> Bool {
        switch options.method {
        case .uuid:
            var random = SystemRandomNumberGenerator()
            try? event.set(options.target, to: .string(UUIDFilter.uuid(using: &random)))
            return true
        case .punctuation:
            for source in options.sortedSources {
                guard let value = event[source.path] else { continue }
                try? event.set(options.target, to: .string(Self.punctuation(of: Template.text(of: value))))
            }
            return true
        default:
            break
        }
        if options.concatenateSources || options.concatenateAllFields {
            var fields: [(name: String, value: Value?)]
            if options.concatenateAllFields {
                fields = event.fields.map { ($0.key, $0.value) }
                if let timestamp = event.timestamp { fields.append(("@timestamp", .timestamp(timestamp))) }
                fields.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            } else {
                fields = options.sortedSources.map { ($0.name, event[$0.path]) }
            }
            scratch.removeAll()
            FingerprintInput.concatenation(fields, into: &scratch)
            guard let hash = scratch.withUnsafeBytes({ fingerprint(bytes: $0, options: options) }) else { return false }
            try? event.set(options.target, to: hash)
            return true
        }
        var succeeded = true
        for source in options.sources {
            guard let value = event[source.path] else { continue }
            let hash: Value?
            if case .array(let list) = value {
                let hashes = list.map { fingerprint($0, options: options, scratch: &scratch) }
                hash = hashes.contains(where: { $0 == nil }) ? nil : .array(hashes.map { $0! })
            } else {
                hash = fingerprint(value, options: options, scratch: &scratch)
            }
            if let hash { try? event.set(options.target, to: hash) } else { succeeded = false }
        }
        return succeeded
    }

    /// The fingerprint of one value (`nil`: IPV4_NETWORK and not an address).
    private static func fingerprint(_ value: Value, options: FingerprintFilterOptions, scratch: inout ByteSink) -> Value? {
        switch (options.method, value) {
        case (.murmur3, .int(let number)):
            return withUnsafeBytes(of: number.littleEndian) { .int(Int64(MurmurHash3.x86_32($0))) }
        case (.murmur3x128, .int(let number)):
            let bytes = Int32(exactly: number).map { withUnsafeBytes(of: $0.littleEndian) { MurmurHash3.x64_128($0) } }
                ?? withUnsafeBytes(of: number.littleEndian) { MurmurHash3.x64_128($0) }
            return .string(bytes.withUnsafeBytes { DigestText.render($0, base64: options.base64) })
        case (_, .string(var text)):
            return text.withUTF8 { fingerprint(bytes: UnsafeRawBufferPointer($0), options: options) }
        default:
            scratch.removeAll()
            FingerprintInput.append(value, to: &scratch)
            return scratch.withUnsafeBytes { fingerprint(bytes: $0, options: options) }
        }
    }

    /// The fingerprint of text.
    private static func fingerprint(bytes: UnsafeRawBufferPointer, options: FingerprintFilterOptions) -> Value? {
        switch options.method {
        case .murmur3:
            return .int(Int64(MurmurHash3.x86_32(bytes)))
        case .murmur3x128:
            return .string(MurmurHash3.x64_128(bytes).withUnsafeBytes { DigestText.render($0, base64: options.base64) })
        case .ipv4Network:
            let address = IPAddress(String(decoding: bytes, as: UTF8.self))
            return address.map { .string($0.masked(to: options.prefixLength).description) }
        default:
            return options.digest.map { .string($0.text(of: bytes)) }
        }
    }

    /// Only the punctuation and symbol characters of `text` (Unicode categories P and S), as
    /// Logstash's `gsub(/[^[\p{P}\p{S}]]/, '')`.
    static func punctuation(of text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                kept.append(scalar)
            default:
                break
            }
        }
        return String(kept)
    }
}
