public import SluiceConfig
public import SluiceCore

/// What every input does to its events: `type` when the event has none, `tags` appended, and
/// `add_field` (sprintf'd), as Logstash's `inputs/base.rb` does.
public struct InputDecoration: Sendable, Hashable {
    let type: String?
    let tags: [String]
    let additions: [FieldAddition]

    struct FieldAddition: Sendable, Hashable {
        let name: FieldNameTemplate
        let value: Template
    }

    public var isEmpty: Bool { type == nil && tags.isEmpty && additions.isEmpty }

    /// Decodes `type`, `tags` and `add_field`; a name or value that is not a valid template is a
    /// problem at `add_field`.
    public init(_ reader: inout OptionReader) {
        type = reader.optionalString("type")
        tags = reader.optionalStrings("tags") ?? []
        var additions: [FieldAddition] = []
        for entry in reader.hash("add_field") {
            guard let name = reader.template(entry.key, setting: "add_field"),
                let value = reader.template(Template.text(of: PluginValues.value(of: entry.value)), setting: "add_field")
            else { continue }
            additions.append(FieldAddition(name: FieldNameTemplate(name), value: value))
        }
        self.additions = additions
    }

    public func apply(to event: inout Event) {
        if let type, event.fields["type"] == nil { event.fields["type"] = .string(type) }
        for tag in tags { event.appendTag(tag) }
        for addition in additions {
            guard let path = addition.name.path(for: event) else { continue }
            if event[path] == nil { try? event.set(path, to: .string(addition.value.render(event))) }
        }
    }
}
