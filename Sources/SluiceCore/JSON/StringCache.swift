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
    private static let slotCount = 2048

    // Fixed tables behind `let` pointers: no copy-on-write and no exclusivity checks on lookup.
    private let hashes: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<Int>
    private let strings: UnsafeMutablePointer<String>
    /// `slotCount` blocks of `maximumLength` bytes: the bytes of each slot's string.
    private let arena: UnsafeMutablePointer<UInt8>

    init() {
        let n = StringCache.slotCount
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
        let n = StringCache.slotCount
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
        let slot = Int(truncatingIfNeeded: hash) & (StringCache.slotCount - 1)
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
