/// Escape processing of quoted config strings under `config.support_escapes`.
public enum StringEscapes {
    /// `\" \' \\ \n \r \t \0` become their characters; any other `\x` is kept as written.
    public static func process(_ raw: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\") && i + 1 < raw.count {
                let replacement: UInt8? =
                    switch raw[i + 1] {
                    case UInt8(ascii: "\""): 0x22
                    case UInt8(ascii: "'"): 0x27
                    case UInt8(ascii: "\\"): 0x5C
                    case UInt8(ascii: "n"): 0x0A
                    case UInt8(ascii: "r"): 0x0D
                    case UInt8(ascii: "t"): 0x09
                    case UInt8(ascii: "0"): 0x00
                    default: nil
                    }
                if let replacement {
                    out.append(replacement)
                    i += 2
                    continue
                }
            }
            out.append(raw[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
