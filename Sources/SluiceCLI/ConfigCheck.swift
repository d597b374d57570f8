public import SluiceConfig
import SluicePlugins

/// `sluice check` as a function: loads, parses and checks a config, and says what to print.
public enum ConfigCheck {
    /// What a check printed and its exit code (1 on errors, 0 with `Configuration OK`).
    public struct Report: Sendable {
        public var exitCode: Int32
        /// For standard output: `Configuration OK`.
        public var output: String
        /// For standard error: the diagnostics.
        public var diagnostics: String
        /// The checked pipeline, when the config is valid.
        public var pipeline: CheckedPipeline?
    }

    /// Loads the config from `-f` or `-e`.
    public static func load(_ input: ConfigInputOptions) -> Result<ConfigLoader.Loaded, ConfigErrors> {
        if let configString = input.configString {
            return .success(ConfigLoader.load(configString: configString))
        }
        do {
            return .success(try ConfigLoader.load(path: input.path ?? ""))
        } catch {
            return .failure(error)
        }
    }

    /// Parses and checks the loaded sources. `syntaxOnly` accepts any plugin and setting.
    public static func run(
        _ loaded: ConfigLoader.Loaded, syntaxOnly: Bool, supportEscapes: Bool, environment: [String: String], strict: Bool = false,
        testHarness: TestHarness? = nil
    ) -> Report {
        let printer = DiagnosticPrinter(sources: loaded.sources)
        let parsed = PipelineConfig.parse(loaded.sources, options: ConfigParseOptions(supportEscapes: supportEscapes))
        let config: PipelineConfig
        switch parsed {
        case .success(let value):
            config = value
        case .failure(let errors):
            return Report(
                exitCode: 1, output: "", diagnostics: printer.render(loaded.warnings + errors.diagnostics), pipeline: nil)
        }
        var checker = ConfigChecker(catalog: syntaxOnly ? nil : BuiltinPlugins.catalog, environment: environment, strict: strict)
        checker.testHarness = testHarness
        switch checker.check(config) {
        case .success(let pipeline):
            let warnings = loaded.warnings + pipeline.warnings
            return Report(exitCode: 0, output: "Configuration OK", diagnostics: printer.render(warnings), pipeline: pipeline)
        case .failure(let errors):
            return Report(
                exitCode: 1, output: "", diagnostics: printer.render(loaded.warnings + errors.diagnostics), pipeline: nil)
        }
    }

    /// Loads, parses and checks (the first `-f`, or `-e`).
    public static func run(_ input: ConfigInputOptions, syntaxOnly: Bool, environment: [String: String], strict: Bool = false) -> Report {
        run(path: input.configString == nil ? input.path : nil, configString: input.configString, supportEscapes: input.supportEscapes,
            syntaxOnly: syntaxOnly, environment: environment, strict: strict)
    }

    /// Loads, parses and checks one pipeline: a `-f` path, or a config string.
    public static func run(
        path: String?, configString: String? = nil, supportEscapes: Bool = false, syntaxOnly: Bool, environment: [String: String],
        strict: Bool = false, testHarness: TestHarness? = nil
    ) -> Report {
        let loadedResult: Result<ConfigLoader.Loaded, ConfigErrors>
        if let configString {
            loadedResult = .success(ConfigLoader.load(configString: configString))
        } else {
            do { loadedResult = .success(try ConfigLoader.load(path: path ?? "")) } catch { loadedResult = .failure(error) }
        }
        switch loadedResult {
        case .success(let loaded):
            return run(
                loaded, syntaxOnly: syntaxOnly, supportEscapes: supportEscapes, environment: environment, strict: strict,
                testHarness: testHarness)
        case .failure(let errors):
            return Report(
                exitCode: 1, output: "", diagnostics: DiagnosticPrinter(sources: []).render(errors.diagnostics), pipeline: nil)
        }
    }
}
