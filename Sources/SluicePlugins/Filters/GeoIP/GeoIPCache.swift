import SluiceCore

/// The results of recent lookups, for one worker: two generations of at most half the capacity
/// each. A hit in the older generation moves the entry to the newer; when the newer is full it
/// becomes the older and the oldest entries go. Nearly LRU, O(1), no linked list.
struct GeoIPCache {
    private var newer: [IPAddress: GeoIPResult] = [:]
    private var older: [IPAddress: GeoIPResult] = [:]
    private let generationSize: Int

    init(capacity: Int) {
        generationSize = max(1, capacity / 2)
    }

    mutating func result(for address: IPAddress) -> GeoIPResult? {
        if let hit = newer[address] { return hit }
        guard let hit = older.removeValue(forKey: address) else { return nil }
        insert(hit, for: address)
        return hit
    }

    mutating func insert(_ result: GeoIPResult, for address: IPAddress) {
        if newer.count >= generationSize {
            older = newer
            newer = Dictionary(minimumCapacity: generationSize)
        }
        newer[address] = result
    }
}

/// One address's data as the filter sets it: the object `target` gets when the event has none
/// (one set, its storage shared by every event that gets it), and each field's full path for an
/// event whose target exists. Empty when the lookup found nothing.
struct GeoIPResult {
    let subtree: OrderedObject
    let sets: [(path: FieldPath, value: Value)]

    var isEmpty: Bool { sets.isEmpty }

    /// `subtree` set into `object`: nested objects merged, anything else replaced (what setting
    /// each field at its path does, in one pass and without a walk from the event's root).
    static func merge(_ subtree: OrderedObject, into object: inout OrderedObject) {
        for (key, value) in subtree {
            object.withValue(forKey: key, default: .null) { existing in
                if case .object(let inner) = value, case .object(var target) = existing {
                    existing = .null  // the object is now held once: merging into it copies nothing
                    merge(inner, into: &target)
                    existing = .object(target)
                } else {
                    existing = value
                }
            }
        }
    }
}
