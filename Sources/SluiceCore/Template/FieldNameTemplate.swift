/// A field name written as a sprintf template (`add_field`, `remove_field`): parsed into a
/// `FieldPath` once when it has no `%{...}`, rendered and parsed per event only when it does.
public struct FieldNameTemplate: Sendable, Hashable {
    @usableFromInline let template: Template
    /// The field when the name has no `%{...}`.
    @usableFromInline let fixed: FieldPath?

    /// The field when the name has no `%{...}` (the same for every event).
    @inlinable public var fixedPath: FieldPath? { fixed }

    public init(_ template: Template) {
        self.template = template
        fixed = template.isConstant ? try? FieldPath(parsing: template.source) : nil
    }

    /// The field this name points at for `event`; `nil` when the rendered name is not a legal
    /// field reference.
    /// Inlinable, so that the fixed case costs a caller in another module no call (an opaque call
    /// copied the event it was given: a retain and release of each of its parts).
    @inlinable
    public func path(for event: Event) -> FieldPath? {
        if let fixed { return fixed }
        return renderedPath(for: event)
    }

    @usableFromInline func renderedPath(for event: Event) -> FieldPath? {
        try? FieldPath(parsing: template.render(event))
    }
}
