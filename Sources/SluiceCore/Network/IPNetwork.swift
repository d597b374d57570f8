/// An IP network, `address/prefix`, as Ruby's `IPAddr.new("192.168.0.0/24")`: the address masked to
/// its prefix; a bare address is a network of one. The prefix may be written as a length or, for
/// IPv4, as a netmask (`10.0.0.0/255.0.0.0`).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let base: IPAddress
    public let prefixLength: Int

    public init(_ address: IPAddress, prefixLength: Int) {
        base = address.masked(to: prefixLength)
        self.prefixLength = max(0, min(prefixLength, address.bitCount))
    }

    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        guard let slash = text.firstIndex(of: "/") else {
            guard let address = IPAddress(text) else { return nil }
            self.init(address, prefixLength: address.bitCount)
            return
        }
        guard let address = IPAddress(text[..<slash]) else { return nil }
        let prefixText = text[text.index(after: slash)...]
        if let length = Int(prefixText), prefixText.allSatisfy(\.isASCII), length >= 0, length <= address.bitCount {
            self.init(address, prefixLength: length)
        } else if address.isIPv4, let mask = IPAddress(prefixText), mask.isIPv4 {
            // A netmask: its ones must come first.
            let bits = UInt32(truncatingIfNeeded: mask.bits)
            let length = bits.leadingZeroBitCount == 0 || bits == 0 ? (~bits).leadingZeroBitCount : -1
            guard length >= 0, IPAddress.mask(prefix: length, width: 32) == mask.bits else { return nil }
            self.init(address, prefixLength: length)
        } else {
            return nil
        }
    }

    /// Whether `address` is in this network (never across IPv4 and IPv6, as IPAddr#include?).
    public func contains(_ address: IPAddress) -> Bool {
        address.isIPv4 == base.isIPv4 && address.masked(to: prefixLength).bits == base.bits
    }

    public var description: String { "\(base)/\(prefixLength)" }
}
