import Foundation
import SluiceConfig
import SluiceCore

/// Re-reads a `-f` config for a reload: tells whether its text changed since the running pipeline
/// was built, and checks it as `sluice check` would.
public final class ConfigReloader: Sendable {
    let path: String
    let supportEscapes: Bool
    let environment: [String: String]
    /// The text the running pipeline was built from (and the last refused one, so a broken file is
    /// reported once, not every interval).
    private let seen: Locked<(accepted: String, refused: String?)>
    private let candidate = Locked<String?>(nil)

    public init(path: String, supportEscapes: Bool, environment: [String: String]) {
        self.path = path
        self.supportEscapes = supportEscapes
        self.environment = environment
        seen = Locked((ConfigReloader.text(path) ?? "", nil))
    }

    /// The config's sources, concatenated (nil when they cannot be read).
    static func text(_ path: String) -> String? {
        guard let loaded = try? ConfigLoader.load(path: path) else { return nil }
        return loaded.sources.map { $0.name + "\u{0}" + $0.text }.joined(separator: "\u{1}")
    }

    /// Whether the files differ from the running config (and from the last refused version).
    func changed() -> Bool {
        guard let text = ConfigReloader.text(path) else { return true }
        candidate.withLock { $0 = text }
        return seen.withLock { text != $0.accepted && text != $0.refused }
    }

    /// Checks the files as they are now; a refused version is remembered.
    func check() -> ConfigCheck.Report {
        let report = ConfigCheck.run(path: path, supportEscapes: supportEscapes, syntaxOnly: false, environment: environment)
        if report.pipeline == nil, let text = candidate.withLock({ $0 }) { seen.withLock { $0.refused = text } }
        return report
    }

    /// The checked version becomes the running one.
    func accept() {
        if let text = candidate.withLock({ $0 }) { seen.withLock { $0 = (text, nil) } }
    }
}
