#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recently made strings, looked up by their bytes, so that keys and values that repeat from
/// record to record (`"level":"INFO"`, a message text, a logger name) are made once and shared.
///
/// Making a `String` validates its UTF-8 and (past 15 bytes) allocates; a hit here costs a hash and
/// a compare instead. Direct-mapped: a slot per hash, the newest string wins; each slot keeps a copy
/// of its bytes so a compare never touches the `String`. Strings over `maximumLength` bytes rarely
/// repeat and bypass the cache.
final class StringCache {
    static let maximumLength = 64
    /// The slots a reader's cache has unless told otherwise (2048: ~200 KiB).
    static let defaultSlotCount = 2048
    /// A power of two.
    private let slotCount: Int

    // Fixed tables behind `let` pointers: no copy-on-write and no exclusivity checks on lookup.
    private let hashes: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<Int>
    private let strings: UnsafeMutablePointer<String>
    /// `slotCount` blocks of `maximumLength` bytes: the bytes of each slot's string.
    private let arena: UnsafeMutablePointer<UInt8>

    /// - Parameter slots: rounded up to a power of two; fewer slots for a reader per connection,
    ///   where thousands of connections would hold thousands of caches.
    init(slots: Int = StringCache.defaultSlotCount) {
        var count = 16
        while count < slots { count <<= 1 }
        slotCount = count
        let n = count
        hashes = .allocate(capacity: n)
        hashes.initialize(repeating: 0, count: n)
        lengths = .allocate(capacity: n)
        lengths.initialize(repeating: -1, count: n)
        strings = .allocate(capacity: n)
        strings.initialize(repeating: "", count: n)
        arena = .allocate(capacity: n * StringCache.maximumLength)
        arena.initialize(repeating: 0, count: n * StringCache.maximumLength)
    }

    deinit {
        let n = slotCount
        hashes.deallocate()
        lengths.deallocate()
        strings.deinitialize(count: n)
        strings.deallocate()
        arena.deallocate()
    }

    /// The string with these UTF-8 bytes (invalid sequences repaired), shared when seen recently.
    @inline(__always)
    func string(_ start: UnsafePointer<UInt8>, count: Int) -> String {
        guard count <= StringCache.maximumLength else {
            return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        }
        return string(start, count: count, hash: StringCache.hash(start, count: count))
    }

    /// `string(_:count:)` when the caller has the bytes' `hash` already.
    @inline(__always)
    func string(_ start: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> String {
        guard count <= StringCache.maximumLength else {
            return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        }
        let slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
        let bytes = arena + slot * StringCache.maximumLength
        if hashes[slot] == hash && lengths[slot] == count && memcmp(bytes, start, count) == 0 {
            return strings[slot]
        }
        let made = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        hashes[slot] = hash
        lengths[slot] = count
        strings[slot] = made
        bytes.update(from: start, count: count)
        return made
    }

    /// `string(_:count:hash:)` for a string of at most 15 bytes given as two little-endian words
    /// (`low`: bytes 0-7, `high`: bytes 8-15, zero past `count`), compared without a call.
    @inline(__always)
    func string(_ start: UnsafePointer<UInt8>, count: Int, low: UInt64, high: UInt64, hash: UInt64) -> String {
        let slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
        let bytes = UnsafeMutableRawPointer(arena + slot * StringCache.maximumLength)
        if hashes[slot] == hash && lengths[slot] == count {
            let (lowMask, highMask) = StringCache.masks(count)
            if bytes.loadUnaligned(as: UInt64.self) & lowMask == low
                && bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & highMask == high
            {
                return strings[slot]
            }
        }
        let made = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        hashes[slot] = hash
        lengths[slot] = count
        strings[slot] = made
        bytes.storeBytes(of: low, as: UInt64.self)
        bytes.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
        return made
    }

    /// The masks that keep the first `count` (< 16) bytes of two little-endian words.
    @inline(__always)
    static func masks(_ count: Int) -> (low: UInt64, high: UInt64) {
        if count >= 8 {
            return (~0, count == 8 ? 0 : ~0 >> UInt64(8 * (16 - count)))
        }
        return (count == 0 ? 0 : ~0 >> UInt64(8 * (8 - count)), 0)
    }

    /// `hash(_:count:)` of a string of at most 15 bytes given as two masked words (see above):
    /// the same value, without touching memory.
    @inline(__always)
    static func hash(low: UInt64, high: UInt64, count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        h = (h ^ low) &* 0xFF51_AFD7_ED55_8CCD
        if count < 8 { return h ^ (h >> 32) }
        h = (h << 29) | (h >> 35)
        if count > 8 {
            // The last eight bytes, overlapping the first word, as `hash(_:count:)` reads them.
            let last = (low >> UInt64(8 * (count - 8))) | (high << UInt64(8 * (16 - count)))
            h = (h ^ last) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ (h >> 32)
    }

    /// A fast hash of a short byte string: eight bytes at a time, multiply and rotate.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        if count < 8 {
            var word: UInt64 = 0
            for k in 0..<count { word |= UInt64(start[k]) << (8 * UInt64(k)) }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            return h ^ (h >> 32)
        }
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 29) | (h >> 35)
            i += 8
        }
        if i < count {
            // The last eight bytes, overlapping what was already read.
            h = (h ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ (h >> 32)
    }
}
