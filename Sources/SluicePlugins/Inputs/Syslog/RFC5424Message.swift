import SluiceCore

/// An RFC 5424 message (`<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`),
/// read by a byte parser: `-` (the nil value) leaves a part out; the structured data's elements
/// become an object of objects (`{"exampleSDID@32473": {"iut": "3"}}`, `\"`, `\\` and `\]`
/// unescaped in values); a UTF-8 byte order mark before the message is dropped.
struct RFC5424Message: Equatable {
    var priority: Int
    var version: Int
    var timestamp: String?
    var hostname: String?
    var appName: String?
    var procID: String?
    var msgID: String?
    var structuredData: OrderedObject?
    var message: String

    /// `nil` when the text is not an RFC 5424 message.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "<") else { return nil }
        var i = 1
        // PRI: 1-3 digits, at most 191.
        let priorityDigits = Self.digits(bytes, from: i)
        guard (1...3).contains(priorityDigits), let priority = Int(String(decoding: bytes[i..<(i + priorityDigits)], as: UTF8.self)),
            priority <= 191
        else { return nil }
        i += priorityDigits
        guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { return nil }
        i += 1
        // VERSION: a nonzero digit, then up to two more.
        let versionDigits = Self.digits(bytes, from: i)
        guard (1...3).contains(versionDigits), bytes[i] != UInt8(ascii: "0"),
            let version = Int(String(decoding: bytes[i..<(i + versionDigits)], as: UTF8.self))
        else { return nil }
        i += versionDigits
        var parts: [String?] = []
        // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID: each a space, then `-` or printable ASCII.
        for maxLength in [64, 255, 48, 128, 32] {
            guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            let start = i
            while i < bytes.count, (0x21...0x7E).contains(bytes[i]) { i += 1 }
            guard i > start, i - start <= maxLength else { return nil }
            let part = String(decoding: bytes[start..<i], as: UTF8.self)
            parts.append(part == "-" ? nil : part)
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        var structuredData: OrderedObject?
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            i += 1
        } else {
            guard let (elements, end) = Self.structuredData(bytes, from: i) else { return nil }
            structuredData = elements
            i = end
        }
        var messageStart = bytes.count
        if i < bytes.count {
            guard bytes[i] == UInt8(ascii: " ") else { return nil }
            messageStart = i + 1
            if bytes.count >= messageStart + 3, bytes[messageStart] == 0xEF, bytes[messageStart + 1] == 0xBB, bytes[messageStart + 2] == 0xBF {
                messageStart += 3
            }
        }
        if let timestamp = parts[0], !Self.isTimestamp(timestamp) { return nil }
        self.priority = priority
        self.version = version
        timestamp = parts[0]
        hostname = parts[1]
        appName = parts[2]
        procID = parts[3]
        msgID = parts[4]
        self.structuredData = structuredData
        message = String(decoding: bytes[messageStart...], as: UTF8.self)
    }

    /// One or more `[SD-ID PARAM="value" ...]` elements; the object and the index after the last.
    static func structuredData(_ bytes: [UInt8], from start: Int) -> (OrderedObject, Int)? {
        var i = start
        var elements = OrderedObject()
        while i < bytes.count, bytes[i] == UInt8(ascii: "[") {
            i += 1
            guard let (id, afterID) = name(bytes, from: i) else { return nil }
            i = afterID
            var parameters = OrderedObject()
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") {
                i += 1
                guard let (parameter, afterName) = name(bytes, from: i) else { return nil }
                i = afterName
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "\"") else { return nil }
                i += 2
                var value: [UInt8] = []
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count,
                        [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "]")].contains(bytes[i + 1])
                    {
                        i += 1
                    }
                    value.append(bytes[i])
                    i += 1
                }
                guard i < bytes.count else { return nil }
                i += 1
                parameters[parameter] = .string(String(decoding: value, as: UTF8.self))
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            // A repeated SD-ID is not allowed; the first one stays.
            if elements[id] == nil { elements[id] = .object(parameters) }
        }
        return elements.isEmpty ? nil : (elements, i)
    }

    /// SD-NAME: 1 to 32 printable ASCII bytes other than `=`, space, `]` and `"`.
    static func name(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var i = start
        while i < bytes.count, (0x21...0x7E).contains(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: "]"),
            bytes[i] != UInt8(ascii: "\"")
        {
            i += 1
        }
        guard i > start, i - start <= 32 else { return nil }
        return (String(decoding: bytes[start..<i], as: UTF8.self), i)
    }

    /// An RFC 3339 date and time (`2003-10-11T22:14:15.003Z`, `...+02:00`).
    static func isTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 20, digits(b, from: 0) == 4, b[4] == UInt8(ascii: "-"), digits(b, from: 5) == 2, b[7] == UInt8(ascii: "-"),
            digits(b, from: 8) == 2, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), digits(b, from: 11) == 2,
            b[13] == UInt8(ascii: ":"), digits(b, from: 14) == 2, b[16] == UInt8(ascii: ":"), digits(b, from: 17) == 2
        else { return false }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            let fraction = digits(b, from: i + 1)
            guard (1...6).contains(fraction) else { return false }
            i += 1 + fraction
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count, digits(b, from: i + 1) == 2, b[i + 3] == UInt8(ascii: ":"),
            digits(b, from: i + 4) == 2
        else { return false }
        return true
    }

    static func digits(_ bytes: [UInt8], from start: Int) -> Int { SyslogLine.digits(bytes, from: start) }
}
