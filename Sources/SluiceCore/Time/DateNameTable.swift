/// Month or day names laid out for matching: all their bytes in one array, longest names first,
/// so reading a name is a scan of flat bytes with no per-name array to retain.
struct DateNameTable: Sendable, Hashable {
    /// Where one name's lower-case bytes are, and which name it is (its index in the list given).
    struct Entry: Sendable, Hashable {
        var start: Int32
        var length: Int32
        var index: Int32
    }

    let bytes: [UInt8]
    /// Longest first; names of equal length keep the order given, so the first listed wins.
    let entries: [Entry]

    /// `names` lower-cased; empty ones are never matched.
    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        for (index, name) in names.enumerated() where !name.isEmpty {
            entries.append(Entry(start: Int32(bytes.count), length: Int32(name.utf8.count), index: Int32(index)))
            bytes.append(contentsOf: name.utf8)
        }
        self.bytes = bytes
        // A stable sort: `sorted` is not guaranteed stable, so the index breaks ties.
        self.entries = entries.sorted { ($0.length, -$0.index) > ($1.length, -$1.index) }
    }

    /// The index of the longest name that starts at `i` in `text` (ASCII letters compared without
    /// case), moving `i` past it; `nil` when none does.
    func match(_ text: UnsafeRawBufferPointer, _ i: inout Int) -> Int? {
        let available = text.count - i
        return bytes.withUnsafeBufferPointer { names in
            for entry in entries {
                let length = Int(entry.length)
                guard length <= available else { continue }
                let start = Int(entry.start)
                var k = 0
                while k < length, DateNameTable.lower(text[i + k]) == names[start + k] { k += 1 }
                if k == length {
                    i += length
                    return Int(entry.index)
                }
            }
            return nil
        }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
}
