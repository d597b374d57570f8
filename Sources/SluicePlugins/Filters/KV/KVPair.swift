/// One key and value a kv scanner found: byte ranges of the scanned text. `value` is `nil` when
/// the pair had none (`key=` before a field split, or `key=""`).
struct KVPair: Equatable {
    let key: Range<Int>
    let value: Range<Int>?
}
