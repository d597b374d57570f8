public import SluiceConfig
public import SluiceCore

/// The options every filter has — `add_field`, `remove_field`, `add_tag`, `remove_tag` — compiled
/// once, applied in Logstash's order, and only when the filter succeeded (`filter_matched`).
public struct CommonFilterOptions: Sendable {
    struct FieldAddition: Sendable {
        let name: FieldNameTemplate
        let values: [Template]
    }

    let additions: [FieldAddition]
    let removals: [FieldNameTemplate]
    /// The removals' paths when no name is a template (the usual case): nothing to render per event.
    let fixedRemovals: [FieldPath]?
    let tagsToAdd: [Template]
    let tagsToRemove: [Template]

    /// `true` when none is set: `apply` does nothing.
    public var isEmpty: Bool {
        additions.isEmpty && removals.isEmpty && tagsToAdd.isEmpty && tagsToRemove.isEmpty
    }

    public init(_ options: PluginOptions) throws {
        additions = try (options.hash("add_field") ?? []).map { entry in
            let values: [OptionValue]
            if case .array(let list) = entry.value { values = list } else { values = [entry.value] }
            return FieldAddition(
                name: FieldNameTemplate(try Template(entry.key)),
                values: try values.map { try Template(Template.text(of: PluginValues.value(of: $0))) })
        }
        removals = try (options.strings("remove_field") ?? []).map { name in
            let template = try Template(name)
            // A fixed name that is not a legal field reference is a config error, not a per-event skip.
            if template.isConstant { _ = try FieldPath(parsing: name) }
            return FieldNameTemplate(template)
        }
        let fixed = removals.compactMap(\.fixedPath)
        fixedRemovals = fixed.count == removals.count ? fixed : nil
        tagsToAdd = try (options.strings("add_tag") ?? []).map { try Template($0) }
        tagsToRemove = try (options.strings("remove_tag") ?? []).map { try Template($0) }
    }

    /// add_field → remove_field → add_tag → remove_tag, each name and value sprintf'd.
    public func apply(to event: inout Event) {
        for addition in additions {
            guard let path = addition.name.path(for: event) else { continue }
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
        if let fixedRemovals {
            // Each path borrowed where it lies (an element read from the array is a copy).
            fixedRemovals.withUnsafeBufferPointer { paths in
                for i in paths.indices { event.remove(paths[i]) }
            }
        } else {
            for i in removals.indices {
                if let path = removals[i].path(for: event) { event.remove(path) }
            }
        }
        for tag in tagsToAdd { event.appendTag(tag.render(event)) }
        if !tagsToRemove.isEmpty && event.field("tags") != nil {
            for tag in tagsToRemove { event.removeTag(tag.render(event)) }
        }
    }
}
