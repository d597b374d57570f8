public import ArgumentParser
import Foundation

/// Logstash's runtime settings, with its flag names and defaults.
public struct RuntimeOptions: ParsableArguments {
    @Option(name: [.customShort("w"), .customLong("pipeline.workers")], help: "Workers running filters (default: cores).")
    public var workers: Int?

    @Option(name: [.customShort("b"), .customLong("pipeline.batch.size")], help: "Most events a worker takes at once.")
    public var batchSize: Int = 125

    @Option(name: [.customShort("u"), .customLong("pipeline.batch.delay")], help: "Milliseconds to wait to fill a batch.")
    public var batchDelay: Int = 50

    @Option(
        name: .customLong("pipeline.ordered"),
        help: "auto (events keep their order when --pipeline.workers is 1), true (keep it; needs one worker) or false.")
    public var ordered: String = "auto"

    @Option(name: .customLong("path.data"), help: "Where state is kept (sincedb, dead letters).")
    public var dataPath: String = "data"

    @Option(name: .customLong("log.level"), help: "debug, info, warn or error.")
    public var logLevel: String = "info"

    @Option(name: .customLong("log.format"), help: "plain or json.")
    public var logFormat: String = "plain"

    @Option(name: .customLong("shutdown-timeout"), help: "Seconds to drain on SIGINT/SIGTERM before giving up.")
    public var shutdownTimeout: Double = 30

    @Option(name: .customLong("api.enabled"), help: "Serve /health, /metrics and /_node/stats (true or false).")
    public var apiEnabled: Bool = true

    @Option(name: .customLong("api.http.host"), help: "Address of the monitoring API.")
    public var apiHost: String = "127.0.0.1"

    @Option(name: .customLong("api.http.port"), help: "Port, or range (the first free port is taken).")
    public var apiPort: String = "9600-9700"

    @Flag(name: [.customShort("r"), .customLong("config.reload.automatic")], help: "Reload the config when its files change.")
    public var reloadAutomatic = false

    @Option(name: .customLong("config.reload.interval"), help: "How often to look for config changes (3s, 500ms, or seconds).")
    public var reloadInterval: String = "3s"

    /// `--config.reload.interval` as a duration.
    public var reloadIntervalDuration: Duration {
        let text = reloadInterval.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("ms"), let n = Double(text.dropLast(2)) { return .milliseconds(Int64(n)) }
        if text.hasSuffix("s"), let n = Double(text.dropLast()) { return .milliseconds(Int64(n * 1000)) }
        return .milliseconds(Int64((Double(text) ?? 3) * 1000))
    }

    @Option(name: .customLong("api.auth.type"), help: "none or basic.")
    public var apiAuthType: String = "none"

    @Option(name: .customLong("api.auth.basic.username"), help: "User of the monitoring API (with --api.auth.type basic).")
    public var apiUser: String?

    @Option(name: .customLong("api.auth.basic.password"), help: "Password of the monitoring API (or ${VAR} from the environment).")
    public var apiPassword: String?

    /// The credentials the API requires, if any.
    public var apiCredentials: (user: String, password: String)? {
        guard apiAuthType == "basic", let apiUser, let apiPassword else { return nil }
        return (apiUser, apiPassword)
    }

    /// The ports `--api.http.port` allows.
    public var apiPorts: ClosedRange<Int> {
        let parts = apiPort.split(separator: "-").compactMap { Int($0) }
        guard let first = parts.first else { return 9600...9700 }
        return first...max(first, parts.last ?? first)
    }

    public init() {}

    public func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--pipeline.workers must be at least 1") }
        if batchSize < 1 { throw ValidationError("--pipeline.batch.size must be at least 1") }
        guard ["auto", "true", "false"].contains(ordered) else {
            throw ValidationError("--pipeline.ordered must be auto, true or false")
        }
        // As Logstash: one worker handles one batch at a time, in order, so order needs one worker.
        if ordered == "true" && (workers ?? ProcessInfo.processInfo.activeProcessorCount) > 1 {
            throw ValidationError("--pipeline.ordered true keeps events in order only with one worker: add --pipeline.workers 1")
        }
        guard ["debug", "info", "warn", "error"].contains(logLevel) else {
            throw ValidationError("--log.level must be debug, info, warn or error")
        }
        guard ["plain", "json"].contains(logFormat) else { throw ValidationError("--log.format must be plain or json") }
        guard ["none", "basic"].contains(apiAuthType) else { throw ValidationError("--api.auth.type must be none or basic") }
        if apiAuthType == "basic" && (apiUser ?? "").isEmpty || apiAuthType == "basic" && (apiPassword ?? "").isEmpty {
            throw ValidationError("--api.auth.type basic needs --api.auth.basic.username and --api.auth.basic.password")
        }
    }
}
