/// One key and value a kv scanner found: byte ranges of the scanned text. `value` is `nil` when
/// the pair had none (`key=` before a field split, or `key=""`).
public struct KVPair: Equatable {
    public let key: Range<Int>
    public let value: Range<Int>?

    public init(key: Range<Int>, value: Range<Int>?) {
        self.key = key
        self.value = value
    }
}
