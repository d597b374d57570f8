/// A reader's reusable memory for decoding strings with escapes (see `JSONParser.parseEscapedString`):
/// one allocation per reader instead of one per string. It keeps at most `keptCapacity` bytes;
/// longer strings get memory of their own, given back at once.
final class UnescapeBuffer {
    static let keptCapacity = 1 << 16

    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 1024
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Memory for at least `count` bytes (`count <= keptCapacity`), valid until the next call.
    @inline(__always)
    func storage(for count: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(count > capacity) {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}
