public import SluiceCore

/// `filter { de_dot { } }` as Logstash: each dotted name (top-level, or those in `fields`; with
/// `recursive`, the names inside their objects too) is renamed with `separator` for its dots, or,
/// with `nested`, moved to the nested field its parts name. A nested name that runs into a value
/// (`request` is "GET" and `request.path` is there) tags the event and leaves it unchanged.
public struct DeDotFilter: Filter {
    let options: DeDotFilterOptions

    public init(options: DeDotFilterOptions) {
        self.options = options
    }

    public mutating func filter(_ events: inout [Event], context: FilterContext) {
        for i in events.indices { filter(&events[i]) }
    }

    struct Collision: Error {}

    func filter(_ event: inout Event) {
        let original = event
        do {
            if options.fields.isEmpty {
                for key in event.fields.keys where key.contains(".") || options.recursive {
                    try rename(FieldPath(root: .data, segments: [FieldPath.Segment(key)], text: key), in: &event)
                }
            } else {
                for path in options.fields { try rename(path, in: &event) }
            }
            options.common.apply(to: &event)
        } catch {
            event = original
            for tag in options.tagOnFailure { event.tag(tag) }
        }
    }

    /// Renames the last segment of `path` (and, recursively, the names inside its value).
    private func rename(_ path: FieldPath, in event: inout Event) throws {
        guard var value = event[path] else { return }
        if options.recursive { value = try dedotted(value) }
        guard let last = path.segments.last?.key else { return }
        let parent = Array(path.segments.dropLast())
        guard last.contains(".") else {
            if options.recursive { try event.set(path, to: value) }
            return
        }
        event.remove(path)
        let parts = last.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let renamed = options.nested ? parts : [parts.joined(separator: options.separator)]
        let segments = parent + renamed.map(FieldPath.Segment.init)
        let target = FieldPath(root: .data, segments: segments, text: "")
        // A nested name whose parent already holds a value that is not an object cannot be set.
        for depth in (parent.count + 1)..<segments.count {
            let prefix = FieldPath(root: .data, segments: Array(segments.prefix(depth)), text: "")
            if let existing = event[prefix], existing.objectValue == nil { throw Collision() }
        }
        try event.set(target, to: value)
    }

    /// The names inside objects (and lists of objects), dedotted.
    private func dedotted(_ value: Value) throws -> Value {
        switch value {
        case .object(let object):
            var out = OrderedObject()
            for (key, inner) in object {
                let cleaned = try dedotted(inner)
                if key.contains(".") {
                    let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    if options.nested {
                        var holder = Value.object(out)
                        guard case .object(var object) = holder else { throw Collision() }
                        try insert(cleaned, at: parts[...], into: &object)
                        holder = .object(object)
                        out = holder.objectValue ?? out
                    } else {
                        out[parts.joined(separator: options.separator)] = cleaned
                    }
                } else {
                    out[key] = cleaned
                }
            }
            return .object(out)
        case .array(let list):
            return .array(try list.map(dedotted))
        default:
            return value
        }
    }

    private func insert(_ value: Value, at parts: ArraySlice<String>, into object: inout OrderedObject) throws {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            object[first] = value
            return
        }
        var child: OrderedObject
        switch object[first] {
        case nil: child = OrderedObject()
        case .object(let existing)?: child = existing
        default: throw Collision()
        }
        try insert(value, at: parts.dropFirst(), into: &child)
        object[first] = .object(child)
    }
}
