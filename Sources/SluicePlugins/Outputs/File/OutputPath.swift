import SluiceCore

/// A file output's path template, with its static root and the checks that keep rendered paths
/// inside that root (logstash-output-file's path safety, ../shared/SPEC/logstash.md §7).
struct OutputPath: Sendable, Hashable {
    let template: Template
    /// The absolute directory before the first dynamic component (`/data/out` for
    /// `/data/out/%{+YYYY}/x.log`), or the file itself when nothing is dynamic.
    let root: String
    let isDynamic: Bool
    /// When the path depends on `@timestamp` by day only, the rendering is cached per UTC day.
    let dailyOnly: Bool

    init(_ text: String, workingDirectory: String) throws {
        let absolute = text.hasPrefix("/") ? text : workingDirectory + "/" + text
        template = try Template(absolute)
        isDynamic = !template.isConstant
        var staticComponents: [Substring] = []
        for component in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if component.contains("%{") { break }
            staticComponents.append(component)
        }
        let joined = "/" + staticComponents.joined(separator: "/")
        // A static path's root is its directory.
        root = OutputPath.normalize(isDynamic ? joined : joined + "/..")
        dailyOnly = template.dependsOnlyOnDay
    }

    /// `..`, `.` and repeated slashes resolved (no symbolic links followed, nothing URL-decoded).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether a normalized path stays inside the root.
    func isInsideRoot(_ normalized: String) -> Bool {
        !isDynamic || normalized.hasPrefix(root == "/" ? "/" : root + "/")
    }
}
