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
    /// Grouped by first byte; in a group longest first, names of equal length in the order given
    /// (so the first listed wins).
    let entries: [Entry]
    /// `entries[groups[b]..<groups[b + 1]]` are the names that start with byte `b`: a lookup
    /// tries only those (for `Jan`: January, June, July, Jan, Jun, Jul; not all 24 names).
    let groups: [Int32]

    /// `names` lower-cased; empty ones are never matched.
    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        for (index, name) in names.enumerated() where !name.isEmpty {
            entries.append(Entry(start: Int32(bytes.count), length: Int32(name.utf8.count), index: Int32(index)))
            bytes.append(contentsOf: name.utf8)
        }
        self.bytes = bytes
        // By first byte; then longest first; then the order given (`sorted` is not stable, so the
        // index decides ties).
        let ordered = entries.sorted { a, b in
            let (firstA, firstB) = (bytes[Int(a.start)], bytes[Int(b.start)])
            if firstA != firstB { return firstA < firstB }
            if a.length != b.length { return a.length > b.length }
            return a.index < b.index
        }
        var groups = [Int32](repeating: 0, count: 257)
        for entry in ordered { groups[Int(bytes[Int(entry.start)]) + 1] += 1 }
        for b in 0..<256 { groups[b + 1] += groups[b] }
        self.entries = ordered
        self.groups = groups
    }

    /// The index of the longest name that starts at `i` in `text` (ASCII letters compared without
    /// case), moving `i` past it; `nil` when none does.
    func match(_ text: UnsafeRawBufferPointer, _ i: inout Int) -> Int? {
        let available = text.count - i
        guard available > 0 else { return nil }
        let first = Int(DateNameTable.lower(text[i]))
        let group = Int(groups[first])..<Int(groups[first + 1])
        return bytes.withUnsafeBufferPointer { names in
            entries.withUnsafeBufferPointer { entries in
                for entry in entries[group] {
                    let length = Int(entry.length)
                    guard length <= available else { continue }
                    let start = Int(entry.start)
                    var k = 1  // the first byte is the group's
                    while k < length, DateNameTable.lower(text[i + k]) == names[start + k] { k += 1 }
                    if k == length {
                        i += length
                        return Int(entry.index)
                    }
                }
                return nil
            }
        }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
}
