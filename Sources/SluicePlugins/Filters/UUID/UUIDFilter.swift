public import SluiceCore

/// `filter { uuid { ... } }`: sets `target` to a random version 4 UUID, lowercase as Ruby's
/// `SecureRandom.uuid` (kept when the field is set, unless `overwrite`), then the common options.
public struct UUIDFilter: Filter {
    let options: UUIDFilterOptions
    private var random = SystemRandomNumberGenerator()

    public init(options: UUIDFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices {
            if !options.overwrite, let existing = events[i][options.target], !existing.isNull { continue }
            try? events[i].set(options.target, to: .string(Self.uuid(using: &random)))
            options.common.apply(to: &events[i])
        }
    }

    /// A version 4 (random) UUID, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    static func uuid(using random: inout some RandomNumberGenerator) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
