import Foundation

/// Writes to the process's standard streams. Logs and diagnostics go to standard error, so that
/// standard output carries only results (events from a `stdout` output, `Configuration OK`).
enum Terminal {
    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func emit(_ report: ConfigCheck.Report) {
        error(report.diagnostics)
        if !report.output.isEmpty { print(report.output) }
    }
}
