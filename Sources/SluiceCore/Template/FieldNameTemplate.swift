/// A field name written as a sprintf template (`add_field`, `remove_field`): parsed into a
/// `FieldPath` once when it has no `%{...}`, rendered and parsed per event only when it does.
public struct FieldNameTemplate: Sendable {
    private let template: Template
    /// The field when the name has no `%{...}`: callers on a hot path read it directly, which
    /// spares the event the copy a call into this module makes of it.
    public let fixed: FieldPath?

    public init(_ template: Template) {
        self.template = template
        fixed = template.isConstant ? try? FieldPath(parsing: template.source) : nil
    }

    /// The field this name points at for `event`; `nil` when the rendered name is not a legal
    /// field reference.
    public func path(for event: Event) -> FieldPath? {
        if let fixed { return fixed }
        return try? FieldPath(parsing: template.render(event))
    }
}
