extension JSONParser {
    /// Parses a number per RFC 8259 §6; the cursor is on `-` or a digit.
    mutating func parseNumber() throws(JSONError) -> Value {
        let start = index
        var negative = false
        if base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        // Integer part: 0, or a non-zero digit then digits.
        guard index < end, base[index] &- 48 < 10 else { throw JSONError(.invalidNumber, offset: index) }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var overflow = false
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < end, case let d = base[index] &- 48, d < 10 {
                accumulate(d, into: &mantissa, digits: &significantDigits, overflow: &overflow)
                index += 1
            }
        }
        var exponent10 = 0
        var isInteger = true
        if index < end, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < end, case let d = base[index] &- 48, d < 10 {
                if !overflow && significantDigits < 19 {
                    accumulate(d, into: &mantissa, digits: &significantDigits, overflow: &overflow)
                    exponent10 -= 1
                } else {
                    overflow = true
                }
                index += 1
            }
            guard index > fractionStart else { throw JSONError(.invalidNumber, offset: index) }
        }
        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < end, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                exponentNegative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var written = 0
            while index < end, case let d = base[index] &- 48, d < 10 {
                if written < 100_000 { written = written * 10 + Int(d) }
                index += 1
            }
            guard index > exponentStart else { throw JSONError(.invalidNumber, offset: index) }
            exponent10 += exponentNegative ? -written : written
        }
        if isInteger && !overflow {
            if negative {
                if mantissa <= UInt64(Int64.max) + 1 { return .int(mantissa == UInt64(Int64.max) + 1 ? .min : -Int64(mantissa)) }
            } else if mantissa <= UInt64(Int64.max) {
                return .int(Int64(mantissa))
            }
        }
        // Clinger's fast path: an exact mantissa times an exact power of ten is correctly rounded.
        if !overflow && mantissa < (1 << 53) && exponent10 >= -22 && exponent10 <= 22 && !isInteger {
            var value = Double(mantissa)
            value = exponent10 < 0 ? value / JSONParser.powersOfTen[-exponent10] : value * JSONParser.powersOfTen[exponent10]
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        if !isInteger, let value = Double(text), value.isFinite {
            return .double(value)
        }
        return .bigNumber(text)
    }

    @inline(__always)
    private func accumulate(_ digit: UInt8, into mantissa: inout UInt64, digits: inout Int, overflow: inout Bool) {
        let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
        if o1 || o2 {
            overflow = true
        } else {
            mantissa = sum
            if mantissa != 0 { digits += 1 }
        }
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
