import Foundation
public import SluiceCore

/// The process's log: to standard error (never standard output, which belongs to a `stdout`
/// output), as plain text or one JSON object per line.
public enum ProcessLog {
    public static func make(level: String, format: String) -> StageLog {
        let minimum: StageLog.Level =
            switch level {
            case "debug": .debug
            case "warn": .warning
            case "error": .error
            default: .info
            }
        let json = format == "json"
        return StageLog { severity, message, metadata in
            guard severity >= minimum else { return }
            let now = Timestamp.now()
            let name =
                switch severity {
                case .debug: "DEBUG"
                case .info: "INFO"
                case .warning: "WARN"
                case .error: "ERROR"
                }
            var line: String
            if json {
                var object = OrderedObject()
                object["level"] = .string(name)
                object["timeMillis"] = .int(now.epochMilliseconds)
                object["message"] = .string(message)
                for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                    object[key == "message" ? "message_1" : key] = .string(value)
                }
                line = JSONWriter.string(.object(object))
            } else {
                line = "[\(now.iso8601String)][\(name)] \(message)"
                for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
