/// A growable byte buffer owned by one writer: the target of the JSON writer, templates and
/// timestamp formatting on the hot path.
///
/// Noncopyable, so it owns its memory outright: appends need no copy-on-write uniqueness check,
/// and `reserve` followed by `appendUnchecked` writes with no check at all.
public struct ByteSink: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var used: Int
    @usableFromInline var capacity: Int

    /// An empty buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 4096) {
        let size = max(capacity, 16)
        base = .allocate(capacity: size)
        used = 0
        self.capacity = size
    }

    deinit { base.deallocate() }

    /// The number of bytes written.
    @inlinable public var count: Int { used }
    @inlinable public var isEmpty: Bool { used == 0 }

    /// Makes room for `extra` more bytes, so that as many `appendUnchecked` calls are safe.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if _slowPath(capacity - used < extra) { grow(minimum: used + extra) }
    }

    @usableFromInline
    mutating func grow(minimum: Int) {
        var size = capacity * 2
        while size < minimum { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        capacity = size
    }

    /// Appends one byte after a `reserve` that made room for it.
    @inlinable @inline(__always)
    public mutating func appendUnchecked(_ byte: UInt8) {
        base[used] = byte
        used += 1
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    /// Appends bytes.
    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + used).update(from: source, count: bytes.count)
        used += bytes.count
    }

    /// Appends bytes after a `reserve` that made room for them.
    @inlinable @inline(__always)
    public mutating func appendUnchecked(_ source: UnsafePointer<UInt8>, count: Int) {
        (base + used).update(from: source, count: count)
        used += count
    }

    /// Appends the bytes of an array.
    @inlinable
    public mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the UTF-8 of a string.
    @inlinable
    public mutating func append(utf8 string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    /// Appends the UTF-8 of a static string (a literal).
    @inlinable @inline(__always)
    public mutating func append(literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Forgets the contents, keeping the memory.
    @inlinable
    public mutating func removeAll() { used = 0 }

    /// Drops bytes from the end so that `count` bytes remain.
    @inlinable
    public mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= used, "truncate beyond the written bytes")
        used = count
    }

    /// Calls `body` with the written bytes.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }

    /// A copy of the written bytes.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    /// The written bytes as a string (invalid UTF-8 repaired).
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: used), as: UTF8.self) }
}
