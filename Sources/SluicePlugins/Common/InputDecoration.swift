public import SluiceConfig
public import SluiceCore

/// What every input does to its events: `type` when the event has none, `tags` appended, and
/// `add_field` (sprintf'd), as Logstash's `inputs/base.rb` does.
public struct InputDecoration: Sendable {
    let type: String?
    let tags: [String]
    let additions: [(name: FieldNameTemplate, value: Template)]

    public var isEmpty: Bool { type == nil && tags.isEmpty && additions.isEmpty }

    public init(_ options: PluginOptions) throws {
        type = options.string("type")
        tags = options.strings("tags") ?? []
        additions = try (options.hash("add_field") ?? []).map { entry in
            (FieldNameTemplate(try Template(entry.key)), try Template(Template.text(of: PluginValues.value(of: entry.value))))
        }
    }

    public func apply(to event: inout Event) {
        if let type, event.fields["type"] == nil { event.fields["type"] = .string(type) }
        for tag in tags { event.appendTag(tag) }
        for (name, value) in additions {
            guard let path = name.path(for: event) else { continue }
            if event[path] == nil { try? event.set(path, to: .string(value.render(event))) }
        }
    }
}
