public import SluiceConfig
public import SluiceCore

/// The options every filter has — `add_field`, `remove_field`, `add_tag`, `remove_tag` — compiled
/// once, applied in Logstash's order, and only when the filter succeeded (`filter_matched`).
public struct CommonFilterOptions: Sendable, Hashable {
    struct FieldAddition: Sendable, Hashable {
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

    /// Decodes the common options; a name or value that is not a valid template or field
    /// reference is a problem at its setting.
    public init(_ reader: inout OptionReader) {
        var additions: [FieldAddition] = []
        for entry in reader.hash("add_field") {
            let values: [OptionValue]
            if case .array(let list) = entry.value { values = list } else { values = [entry.value] }
            guard let name = reader.template(entry.key, setting: "add_field") else { continue }
            if name.isConstant, reader.fieldPath(entry.key, setting: "add_field") == nil { continue }
            let compiled = values.compactMap { reader.template(Template.text(of: PluginValues.value(of: $0)), setting: "add_field") }
            additions.append(FieldAddition(name: FieldNameTemplate(name), values: compiled))
        }
        self.additions = additions
        var removals: [FieldNameTemplate] = []
        for name in reader.strings("remove_field") {
            guard let template = reader.template(name, setting: "remove_field") else { continue }
            // A fixed name that is not a legal field reference is a config error, not a per-event skip.
            if template.isConstant, reader.fieldPath(name, setting: "remove_field") == nil { continue }
            removals.append(FieldNameTemplate(template))
        }
        self.removals = removals
        let fixed = removals.compactMap(\.fixedPath)
        fixedRemovals = fixed.count == removals.count ? fixed : nil
        tagsToAdd = reader.strings("add_tag").compactMap { reader.template($0, setting: "add_tag") }
        tagsToRemove = reader.strings("remove_tag").compactMap { reader.template($0, setting: "remove_tag") }
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
