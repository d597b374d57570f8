public import SluiceConfig

/// Why a checked pipeline cannot be started.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The plugin is known to `check` but this build cannot run it yet.
    case notRunnable(CheckedStage)
    /// A stage failed to start (a port in use, a file that cannot be opened).
    case stageFailed(CheckedStage, String)

    /// Runs `body` (making a stage); what it throws names the stage and its place in the config.
    static func starting<T>(_ stage: CheckedStage, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.stageFailed(stage, "\(error)")
        }
    }

    public var description: String {
        switch self {
        case .notRunnable(let stage):
            "\(stage.location): \(stage.kind.rawValue) \"\(stage.name)\" is not available in this build yet"
        case .stageFailed(let stage, let reason):
            "\(stage.location): \(stage.kind.rawValue) \"\(stage.name)\" (\(stage.id)) failed to start: \(reason)"
        }
    }
}
