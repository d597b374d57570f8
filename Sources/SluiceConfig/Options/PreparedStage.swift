public import SluiceCore

/// A stage whose options are decoded and checked: what `sluice check` built, and what `sluice run`
/// makes the stage from, with nothing left to read or validate.
///
/// `options` is the plugin's typed options value (compared by `hasSameOptions` in tests); the
/// factory makes the stage. Making an input or output may still fail, but only where a side effect
/// fails (a port in use, a file that cannot be opened); making a filter cannot fail.
public struct PreparedStage: Sendable {
    public enum Factory: Sendable {
        case input(@Sendable (StageContext) throws -> any Input)
        /// Called once per worker: each worker has its own filter instance.
        case filter(@Sendable () -> any Filter)
        case output(@Sendable (StageContext) throws -> any Output)
    }

    public let options: any Sendable
    public let factory: Factory
    private let equals: @Sendable (any Sendable) -> Bool

    public init<Options: Sendable & Equatable>(options: Options, factory: Factory) {
        self.options = options
        self.factory = factory
        self.equals = { other in (other as? Options) == options }
    }

    /// Whether both were decoded into equal options values (of the same type).
    public func hasSameOptions(as other: PreparedStage) -> Bool { equals(other.options) }
}

/// The options value of a plugin that has none.
public struct NoOptions: Sendable, Hashable {
    public init() {}
    public init(_ reader: inout OptionReader) {}
}
