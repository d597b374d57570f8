/// An RFC 3164 line as logstash-input-syslog's default pattern reads it
/// (`<%{POSINT:priority}>%{SYSLOGLINE}`), by a byte parser instead of a regex: `<PRI>`, a
/// timestamp (`MMM dd HH:mm:ss`, any run of spaces after the month, or ISO 8601), the host,
/// optionally `program[pid]:`, then the message.
struct SyslogLine: Equatable {
    var priority: Int
    var timestamp: String
    var host: String
    var program: String?
    var pid: String?
    var message: String

    static let months: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "January", "February", "March", "April",
        "June", "July", "August", "September", "October", "November", "December", "Sept",
    ]

    /// `nil` when the line is not in that form (Logstash tags it `_grokparsefailure_sysloginput`).
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        // <PRI>: a positive integer (POSINT: no leading zero).
        guard bytes.first == UInt8(ascii: "<"), bytes.count > 2, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[1]) else { return nil }
        i = 1
        var priority = 0
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
            priority = priority * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            guard priority < 1_000_000 else { return nil }
            i += 1
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { return nil }
        i += 1
        guard let (timestamp, afterTimestamp) = Self.timestamp(bytes, from: i) else { return nil }
        i = afterTimestamp
        guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        // The host: a name or an address, up to the next space.
        let hostStart = i
        while i < bytes.count, bytes[i] != UInt8(ascii: " ") { i += 1 }
        let host = String(decoding: bytes[hostStart..<i], as: UTF8.self)
        guard !host.isEmpty, host.utf8.allSatisfy(Self.isHostByte) else { return nil }
        // " " then the message (possibly empty) is required after the host or `program:`.
        guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
        var program: String?
        var pid: String?
        var messageStart = i + 1
        if let (name, number, end) = Self.program(bytes, from: i + 1), end < bytes.count, bytes[end] == UInt8(ascii: " ") {
            program = name
            pid = number
            messageStart = end + 1
        }
        self.priority = priority
        self.timestamp = timestamp
        self.host = host
        self.program = program
        self.pid = pid
        message = String(decoding: bytes[min(messageStart, bytes.count)...], as: UTF8.self)
    }

    /// `MMM dd HH:mm:ss[.fff]` or an ISO 8601 date and time; the text and the index after it.
    static func timestamp(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var i = start
        while i < bytes.count, isLetter(bytes[i]) { i += 1 }
        if i > start {
            let month = String(decoding: bytes[start..<i], as: UTF8.self)
            guard months.contains(where: { $0.caseInsensitiveCompare(month) }) else { return nil }
            guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            let day = digits(bytes, from: i)
            guard (1...2).contains(day), let value = Int(String(decoding: bytes[i..<(i + day)], as: UTF8.self)), (1...31).contains(value) else {
                return nil
            }
            i += day
            guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            guard let end = time(bytes, from: i) else { return nil }
            return (String(decoding: bytes[start..<end], as: UTF8.self), end)
        }
        // ISO 8601: yyyy-MM-dd, `T` or a space, the time, an optional zone.
        guard digits(bytes, from: i) == 4, i + 10 <= bytes.count, bytes[i + 4] == UInt8(ascii: "-"), digits(bytes, from: i + 5) == 2,
            bytes[i + 7] == UInt8(ascii: "-"), digits(bytes, from: i + 8) == 2, i + 10 < bytes.count,
            bytes[i + 10] == UInt8(ascii: "T") || bytes[i + 10] == UInt8(ascii: " "), var end = time(bytes, from: i + 11)
        else { return nil }
        if end < bytes.count, bytes[end] == UInt8(ascii: "Z") {
            end += 1
        } else if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") {
            var j = end + 1
            let hours = digits(bytes, from: j)
            guard hours == 2 else { return (String(decoding: bytes[start..<end], as: UTF8.self), end) }
            j += 2
            if j < bytes.count, bytes[j] == UInt8(ascii: ":") { j += 1 }
            if digits(bytes, from: j) == 2 { j += 2 }
            end = j
        }
        return (String(decoding: bytes[start..<end], as: UTF8.self), end)
    }

    /// `HH:mm:ss` with an optional fraction; the index after it.
    static func time(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        for part in 0..<3 {
            let count = digits(bytes, from: i)
            guard (1...2).contains(count) else { return nil }
            i += count
            if part < 2 {
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
            }
        }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ","), digits(bytes, from: i + 1) > 0 {
            i += 1 + digits(bytes, from: i + 1)
        }
        return i
    }

    /// `name[pid]:` (the name printable ASCII without `[` `]` `:`... as grok's PROG); the name,
    /// the pid, and the index after the colon.
    static func program(_ bytes: [UInt8], from start: Int) -> (String, String?, Int)? {
        var i = start
        while i < bytes.count, isProgramByte(bytes[i]) { i += 1 }
        guard i > start else { return nil }
        let name = String(decoding: bytes[start..<i], as: UTF8.self)
        var pid: String?
        if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
            let count = digits(bytes, from: i + 1)
            guard count > 0, i + 1 + count < bytes.count, bytes[i + 1 + count] == UInt8(ascii: "]") else { return nil }
            pid = String(decoding: bytes[(i + 1)..<(i + 1 + count)], as: UTF8.self)
            i += count + 2
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        return (name, pid, i + 1)
    }

    static func digits(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        return i - start
    }

    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    static func isHostByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":")
    }

    /// grok's PROG: `[\x21-\x5a\x5c\x5e-\x7e]+` (printable, without `[` and `]`), and not `:`, which
    /// ends it.
    static func isProgramByte(_ byte: UInt8) -> Bool {
        byte != UInt8(ascii: ":") && ((0x21...0x5A).contains(byte) || byte == 0x5C || (0x5E...0x7E).contains(byte))
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
