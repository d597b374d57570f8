/// MurmurHash3 (Austin Appleby's public-domain algorithm), the two variants the fingerprint filter
/// names: `MURMUR3` is x86_32 with seed 0, `MURMUR3_128` is x64_128 with seed 2, as the murmurhash3
/// gem Logstash uses. Written here: no library on this machine has it. The blocks are read with
/// unaligned little-endian loads inside `bytes`, never past `bytes.count`.
public enum MurmurHash3 {
    public static func x86_32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var h = seed
        let blocks = bytes.count / 4
        for block in 0..<blocks {
            var k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 4, as: UInt32.self))
            k = (k &* c1).rotatedLeft(15) &* c2
            h ^= k
            h = h.rotatedLeft(13) &* 5 &+ 0xe654_6b64
        }
        var k: UInt32 = 0
        let tail = blocks * 4
        switch bytes.count & 3 {
        case 3:
            k ^= UInt32(bytes[tail + 2]) << 16
            fallthrough
        case 2:
            k ^= UInt32(bytes[tail + 1]) << 8
            fallthrough
        case 1:
            k ^= UInt32(bytes[tail])
            h ^= (k &* c1).rotatedLeft(15) &* c2
        default: break
        }
        h ^= UInt32(truncatingIfNeeded: bytes.count)
        h ^= h >> 16
        h = h &* 0x85eb_ca6b
        h ^= h >> 13
        h = h &* 0xc2b2_ae35
        return h ^ (h >> 16)
    }

    /// The 16 bytes of the hash: the first 64-bit half, then the second, each little-endian.
    public static func x64_128(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 2) -> [UInt8] {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5
        let c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1 = seed
        var h2 = seed
        let blocks = bytes.count / 16
        for block in 0..<blocks {
            let k1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 16, as: UInt64.self))
            let k2 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 16 + 8, as: UInt64.self))
            h1 ^= (k1 &* c1).rotatedLeft(31) &* c2
            h1 = (h1.rotatedLeft(27) &+ h2) &* 5 &+ 0x52dc_e729
            h2 ^= (k2 &* c2).rotatedLeft(33) &* c1
            h2 = (h2.rotatedLeft(31) &+ h1) &* 5 &+ 0x3849_5ab5
        }
        let tail = blocks * 16
        let rest = bytes.count & 15
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        for index in stride(from: rest - 1, through: 0, by: -1) {
            let byte = UInt64(bytes[tail + index])
            if index >= 8 { k2 ^= byte << ((index - 8) * 8) } else { k1 ^= byte << (index * 8) }
        }
        if rest > 8 { h2 ^= (k2 &* c2).rotatedLeft(33) &* c1 }
        if rest > 0 { h1 ^= (k1 &* c1).rotatedLeft(31) &* c2 }
        h1 ^= UInt64(bytes.count)
        h2 ^= UInt64(bytes.count)
        h1 &+= h2
        h2 &+= h1
        h1 = fmix64(h1)
        h2 = fmix64(h2)
        h1 &+= h2
        h2 &+= h1
        return (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? h1 : h2) >> (($0 % 8) * 8)) }
    }

    private static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k = k &* 0xc4ce_b9fe_1a85_ec53
        return k ^ (k >> 33)
    }
}

extension FixedWidthInteger where Self: UnsignedInteger {
    fileprivate func rotatedLeft(_ count: Int) -> Self { self << count | self >> (Self.bitWidth - count) }
}
