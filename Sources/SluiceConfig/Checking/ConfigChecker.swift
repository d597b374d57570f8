import SluiceCore

/// Checks a parsed config against the plugins' declared options and reports every problem at
/// once, compiler-style (file:line:col, message, hint).
///
/// Checks: plugin names, setting names (with "did you mean"), value types, allowed values,
/// required and obsolete settings (errors), deprecated settings (warnings), `${VAR}` references,
/// duplicate `id`s, field references and regular expressions in conditions; then each plugin's
/// decoder builds its typed options as `run` will (patterns compiled, zones resolved, files
/// checked), and what it finds is reported at the setting. With `catalog == nil`
/// (`--syntax-only`) only the conditions are checked.
public struct ConfigChecker: Sendable {
    public var catalog: PluginCatalog?
    public var environment: EnvironmentSubstitution
    /// What decoders know about the pipeline (working directory, default ECS layout).
    public var context: OptionContext
    /// `check --strict`: settings Logstash 9 removed are errors, as there, not warnings.
    public var strict: Bool
    /// `sluice test`: the inputs and outputs the test harness replaces, checked only for what it uses.
    public var testHarness: TestHarness?

    public init(catalog: PluginCatalog?, environment: [String: String], context: OptionContext = OptionContext(), strict: Bool = false) {
        self.catalog = catalog
        self.environment = EnvironmentSubstitution(environment: environment)
        self.context = context
        self.strict = strict
    }

    /// - Returns: the checked pipeline, or every error found (warnings are in the pipeline).
    public func check(_ config: PipelineConfig) -> Result<CheckedPipeline, ConfigErrors> {
        var state = CheckState()
        state.diagnostics = config.diagnostics
        let inputs = checkStatements(config.statements(of: .input), kind: .input, state: &state)
        let filters = checkStatements(config.statements(of: .filter), kind: .filter, state: &state)
        let outputs = checkStatements(config.statements(of: .output), kind: .output, state: &state)
        let errors = state.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { return .failure(ConfigErrors(state.diagnostics.sorted { $0.location < $1.location })) }
        return .success(
            CheckedPipeline(inputs: inputs, filters: filters, outputs: outputs, warnings: state.diagnostics))
    }

    struct CheckState {
        var diagnostics: [Diagnostic] = []
        var ids: [String: SourceLocation] = [:]
        var counters: [String: Int] = [:]

        mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
            diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
        }

        mutating func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
            diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
        }
    }

    func checkStatements(_ statements: [Statement], kind: SectionKind, state: inout CheckState) -> [CheckedStatement] {
        statements.compactMap { statement in
            switch statement {
            case .plugin(let plugin):
                if kind != .filter, let testHarness {
                    return checkReplaced(plugin, kind: kind, harness: testHarness, state: &state).map(CheckedStatement.stage)
                }
                return checkPlugin(plugin, kind: kind, state: &state).map(CheckedStatement.stage)
            case .branch(let branch):
                checkCondition(branch.condition, state: &state)
                return .branch(
                    condition: branch.condition, then: checkStatements(branch.then, kind: kind, state: &state),
                    otherwise: checkStatements(branch.otherwise, kind: kind, state: &state), location: branch.location)
            }
        }
    }

    /// An input or output under `sluice test` (../shared/SPEC/lfv-format.md §8 rule 13): the test
    /// replaces it, so what would stop it from running (an unknown plugin, a missing required
    /// setting, a codec Sluice lacks) is one warning; a selected input's codec, `type`, `tags` and
    /// `add_field`, which the test does use, are checked in full.
    func checkReplaced(_ plugin: PluginNode, kind: SectionKind, harness: TestHarness, state: inout CheckState) -> CheckedStage? {
        let idsBefore = state.ids
        var scratch = state
        scratch.diagnostics = []
        let checked = checkPlugin(plugin, kind: kind, state: &scratch)
        let explicitID = plugin.setting("id").flatMap { OptionDecoder.scalarText($0.value) }
        let id = checked?.id ?? explicitID ?? "\(plugin.name)_\(scratch.counters[plugin.name] ?? 1)"
        state.ids = scratch.ids
        state.counters = scratch.counters
        let problems = scratch.diagnostics.filter { $0.severity == .error }
        if kind == .input && harness.selectedInputs.contains(id) {
            let used = PluginNode(
                name: plugin.name, settings: plugin.settings.filter { TestHarness.inputSettings.contains($0.name) }, location: plugin.location)
            state.ids = idsBefore
            guard let stage = checkPlugin(used, kind: kind, state: &state, spec: harness.inputSpec, countOrdinal: false) else { return nil }
            return CheckedStage(kind: kind, name: plugin.name, id: id, options: stage.options, location: plugin.location, prepared: nil)
        }
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            state.warning(
                plugin.location, "\(kind.rawValue) \"\(plugin.name)\" (\(id)) is replaced by the test and could not run here: \(first.message)\(more)")
        }
        if let checked { return checked }
        var values: [String: OptionValue] = [:]
        var locations: [String: SourceLocation] = [:]
        for setting in plugin.settings {
            values[setting.name] = OptionDecoder.generic(setting.value)
            locations[setting.name] = setting.location
        }
        return CheckedStage(kind: kind, name: plugin.name, id: id, options: PluginOptions(values: values, locations: locations), location: plugin.location)
    }

    func checkPlugin(
        _ plugin: PluginNode, kind: SectionKind, state: inout CheckState, spec override: PluginSpec? = nil, countOrdinal: Bool = true
    ) -> CheckedStage? {
        if countOrdinal { state.counters[plugin.name, default: 0] += 1 }
        let ordinal = state.counters[plugin.name] ?? 1
        var values: [String: OptionValue] = [:]
        var locations: [String: SourceLocation] = [:]

        guard let catalog else {
            // Syntax only: keep the settings as written, untyped.
            for setting in plugin.settings {
                values[setting.name] = OptionDecoder.generic(setting.value)
                locations[setting.name] = setting.location
            }
            return stage(plugin, kind, ordinal, PluginOptions(values: values, locations: locations), nil, &state)
        }
        guard let spec = override ?? catalog.spec(kind, plugin.name) else {
            let known = catalog.names(kind)
            let suggestion = Suggestion.closest(to: plugin.name, in: known)
            state.error(
                plugin.location,
                "unknown \(kind.rawValue) plugin \"\(plugin.name)\"" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                hint: "known \(kind.rawValue)s: \(known.joined(separator: ", "))")
            return nil
        }
        let options = spec.allOptions
        let what = "\(kind.rawValue) \"\(plugin.name)\""
        var failed = false
        for setting in plugin.settings {
            guard let option = options.first(where: { $0.name == setting.name }) else {
                let suggestion = Suggestion.closest(to: setting.name, in: options.filter(\.isOffered).map(\.name))
                state.error(
                    setting.location,
                    "unknown setting \"\(setting.name)\" for \(what)" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                    hint: suggestion == nil ? "`sluice check --list-plugins` lists every setting" : nil)
                failed = true
                continue
            }
            guard let substituted = substitute(setting.value, setting: setting, state: &state) else {
                failed = true
                continue
            }
            var target = option
            var written = substituted
            switch option.status {
            case .obsolete(let instead):
                state.error(setting.location, "setting \"\(setting.name)\" of \(what) is obsolete", hint: instead)
                failed = true
                continue
            case .deprecated(let instead):
                state.warning(setting.location, "setting \"\(setting.name)\" of \(what) is deprecated", hint: instead)
            case .noEffect(let reason):
                state.warning(
                    setting.location, "setting \"\(setting.name)\" of \(what) is accepted for compatibility and has no effect",
                    hint: reason)
            case .renamed(let replacement, let mapping):
                guard let newOption = options.first(where: { $0.name == replacement }) else {
                    preconditionFailure("\(plugin.name): \(setting.name) is renamed to an undeclared option \(replacement)")
                }
                let message = "setting \"\(setting.name)\" of \(what) was removed in Logstash 9"
                let hint = "use \(replacement)" + (mapping.isEmpty ? "" : " (\(Self.describe(mapping)))")
                if strict {
                    state.error(setting.location, message, hint: hint)
                    failed = true
                    continue
                }
                if plugin.settings.contains(where: { $0.name == replacement }) {
                    state.error(setting.location, "\(setting.name) and \(replacement) are both set on \(what)", hint: "keep only \(replacement)")
                    failed = true
                    continue
                }
                if !mapping.isEmpty {
                    guard let text = OptionDecoder.scalarText(substituted), let mapped = mapping[text] else {
                        state.error(
                            substituted.location,
                            "setting \"\(setting.name)\" of \(what) expects one of \(mapping.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))",
                            hint: hint)
                        failed = true
                        continue
                    }
                    written = ConfigValue(.string(mapped), at: substituted.location)
                }
                state.warning(setting.location, message + "; read as \(replacement)", hint: hint + "; `sluice check --strict` refuses it")
                target = newOption
            case .current:
                break
            }
            switch OptionDecoder.decode(written, as: target.type) {
            case .success(let value):
                if case .codec(let codec) = value, !catalog.codecs.isEmpty, !catalog.codecs.contains(codec.name) {
                    let close = Suggestion.closest(to: codec.name, in: catalog.codecs)
                    state.error(
                        substituted.location,
                        "unknown codec \"\(codec.name)\"" + (close.map { " (did you mean \"\($0)\"?)" } ?? ""),
                        hint: "known codecs: \(catalog.codecs.joined(separator: ", "))")
                    failed = true
                    continue
                }
                values[target.name] = value
                locations[target.name] = setting.location
            case .failure(let problem):
                let shown = option.type == .password ? "<secret>" : problem.gotDescription
                var hint: String? = problem.detail
                if case .oneOf(let allowed) = option.type, let text = OptionDecoder.scalarText(substituted),
                    let close = Suggestion.closest(to: text, in: allowed)
                {
                    hint = "did you mean \"\(close)\"?"
                }
                state.error(
                    substituted.location,
                    "setting \"\(setting.name)\" of \(what) expects \(option.type.name), got \(shown)",
                    hint: hint)
                failed = true
            }
        }
        for option in options where values[option.name] == nil {
            if let value = option.defaultValue {
                values[option.name] = value
            } else if option.isRequired && !plugin.settings.contains(where: { $0.name == option.name }) {
                state.error(
                    plugin.location,
                    "\(what) is missing the required setting \"\(option.name)\"",
                    hint: option.doc.isEmpty ? nil : "\(option.name): \(option.doc)")
                failed = true
            }
        }
        let decoded = PluginOptions(values: values, locations: locations)
        guard !failed else { return nil }
        var prepared: PreparedStage?
        if let prepare = spec.prepare {
            var reader = OptionReader(
                pluginName: plugin.name, kind: kind, options: decoded, context: context, pluginLocation: plugin.location)
            var thrown: PluginProblem?
            do {
                prepared = try prepare(&reader)
            } catch let error as OptionError {
                if reader.problems.isEmpty || error.setting != nil {
                    thrown = PluginProblem(setting: error.setting, error.message, hint: error.hint)
                }
            } catch {
                thrown = PluginProblem(setting: nil, "\(error)")
            }
            for problem in reader.warnings {
                state.warning(reader.location(of: problem.setting), "\(what): \(problem.message)", hint: problem.hint)
            }
            let problems = reader.problems + (thrown.map { [$0] } ?? [])
            for problem in problems {
                state.error(reader.location(of: problem.setting), "\(what): \(problem.message)", hint: problem.hint)
            }
            if !problems.isEmpty { return nil }
        }
        return stage(plugin, kind, ordinal, decoded, prepared, &state)
    }

    static func describe(_ mapping: [String: String]) -> String {
        mapping.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
    }

    func stage(
        _ plugin: PluginNode, _ kind: SectionKind, _ ordinal: Int, _ options: PluginOptions, _ prepared: PreparedStage?,
        _ state: inout CheckState
    ) -> CheckedStage {
        let explicit = options.string("id")
        let id = explicit ?? "\(plugin.name)_\(ordinal)"
        if let explicit {
            let location = options.locations["id"] ?? plugin.location
            if let first = state.ids[explicit] {
                state.error(
                    location, "two plugins have the id \"\(explicit)\"",
                    hint: "ids must be unique; the first is at \(first)")
            } else {
                state.ids[explicit] = location
            }
        }
        return CheckedStage(kind: kind, name: plugin.name, id: id, options: options, location: plugin.location, prepared: prepared)
    }

    /// Replaces `${VAR}` references in every string of a value.
    func substitute(_ value: ConfigValue, setting: Setting, state: inout CheckState) -> ConfigValue? {
        func walk(_ value: ConfigValue) -> Result<ConfigValue, EnvironmentSubstitution.MissingVariable> {
            switch value.kind {
            case .string(let text):
                return environment.substitute(text).map { ConfigValue(.string($0), at: value.location) }
            case .bareword, .integer, .float, .plugin:
                return .success(value)
            case .array(let list):
                var out: [ConfigValue] = []
                for item in list {
                    switch walk(item) {
                    case .success(let v): out.append(v)
                    case .failure(let missing): return .failure(missing)
                    }
                }
                return .success(ConfigValue(.array(out), at: value.location))
            case .hash(let entries):
                var out: [ConfigValue.HashEntry] = []
                for entry in entries {
                    switch walk(entry.value) {
                    case .success(let v): out.append(ConfigValue.HashEntry(key: entry.key, value: v))
                    case .failure(let missing): return .failure(missing)
                    }
                }
                return .success(ConfigValue(.hash(out), at: value.location))
            }
        }
        switch walk(value) {
        case .success(let substituted):
            return substituted
        case .failure(let missing):
            state.error(
                value.location, "environment variable \"\(missing.name)\" is not set and has no default",
                hint: "set it, or give a default: ${\(missing.name):default}")
            return nil
        }
    }

    /// Field references and regular expressions in a condition must compile.
    func checkCondition(_ condition: Condition, state: inout CheckState) {
        switch condition {
        case .and(let l, let r), .or(let l, let r), .xor(let l, let r), .nand(let l, let r):
            checkCondition(l, state: &state)
            checkCondition(r, state: &state)
        case .not(let inner):
            checkCondition(inner, state: &state)
        case .compare(let l, _, let r), .isIn(let l, let r):
            checkOperand(l, state: &state)
            checkOperand(r, state: &state)
        case .matches(let l, let pattern, _):
            checkOperand(l, state: &state)
            checkRegex(pattern, state: &state)
        case .truthy(let operand):
            checkOperand(operand, state: &state)
        }
    }

    func checkOperand(_ operand: Operand, state: inout CheckState) {
        switch operand {
        case .field(let text, let location):
            do {
                _ = try FieldPath(parsing: text)
            } catch {
                state.error(location, "invalid field reference \(text)", hint: error.message)
            }
        case .regex(let regex):
            checkRegex(regex, state: &state)
        case .methodCall(let name, _, let location):
            state.error(location, "method calls in conditions (\(name)(...)) are not supported", hint: "Logstash parses them but never runs them")
        case .value:
            break
        }
    }

    func checkRegex(_ regex: RegexLiteral, state: inout CheckState) {
        do {
            _ = try Regex(regex.source)
        } catch {
            state.error(regex.location, "invalid regular expression /\(regex.source)/", hint: "\(error)")
        }
    }
}
