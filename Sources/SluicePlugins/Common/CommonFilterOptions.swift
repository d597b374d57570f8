public import SluiceConfig
public import SluiceCore

/// The options every filter has — `add_field`, `remove_field`, `add_tag`, `remove_tag` — compiled
/// once, applied in Logstash's order, and only when the filter succeeded (`filter_matched`).
public struct CommonFilterOptions: Sendable {
    struct FieldAddition: Sendable {
        let name: Template
        let values: [Template]
    }

    let additions: [FieldAddition]
    let removals: [Template]
    /// `remove_field` entries with no `%{}`: parsed once.
    let fixedRemovals: [FieldPath]
    let tagsToAdd: [Template]
    let tagsToRemove: [Template]

    /// `true` when none is set: `apply` does nothing.
    public var isEmpty: Bool {
        additions.isEmpty && removals.isEmpty && fixedRemovals.isEmpty && tagsToAdd.isEmpty && tagsToRemove.isEmpty
    }

    public init(_ options: PluginOptions) throws {
        additions = try (options.hash("add_field") ?? []).map { entry in
            let values: [OptionValue]
            if case .array(let list) = entry.value { values = list } else { values = [entry.value] }
            return FieldAddition(
                name: try Template(entry.key),
                values: try values.map { try Template(Template.text(of: PluginValues.value(of: $0))) })
        }
        let allRemovals = try (options.strings("remove_field") ?? []).map { try Template($0) }
        fixedRemovals = try allRemovals.filter(\.isConstant).map { try FieldPath(parsing: $0.source) }
        removals = allRemovals.filter { !$0.isConstant }
        tagsToAdd = try (options.strings("add_tag") ?? []).map { try Template($0) }
        tagsToRemove = try (options.strings("remove_tag") ?? []).map { try Template($0) }
    }

    /// add_field → remove_field → add_tag → remove_tag, each name and value sprintf'd.
    public func apply(to event: inout Event) {
        for addition in additions {
            guard let path = try? FieldPath(parsing: addition.name.render(event)) else { continue }
            for value in addition.values {
                let rendered = Value.string(value.render(event))
                if let existing = event[path] {
                    let list: [Value] = existing.arrayValue ?? [existing]
                    try? event.set(path, to: .array(list + [rendered]))
                } else {
                    try? event.set(path, to: rendered)
                }
            }
        }
        for path in fixedRemovals { event.remove(path) }
        for removal in removals {
            if let path = try? FieldPath(parsing: removal.render(event)) { event.remove(path) }
        }
        for tag in tagsToAdd { event.appendTag(tag.render(event)) }
        if !tagsToRemove.isEmpty && event.fields["tags"] != nil {
            for tag in tagsToRemove { event.removeTag(tag.render(event)) }
        }
    }
}
