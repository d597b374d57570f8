/// Lowercase hexadecimal text of bytes (digests): two digits per byte, written straight into the
/// new string's storage.
public enum Hex {
    public static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (index, byte) in bytes.enumerated() {
                    out[index * 2] = digits[Int(byte >> 4)]
                    out[index * 2 + 1] = digits[Int(byte & 0x0F)]
                }
            }
            return bytes.count * 2
        }
    }
}
