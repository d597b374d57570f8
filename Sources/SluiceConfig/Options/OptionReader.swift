public import SluiceCore

/// What a plugin's decoder reads its settings from: every declared option with its checked value or
/// its declared default, and where each was written.
///
/// A decoder turns these into the plugin's typed options value once; `sluice check`, `sluice test`
/// and `sluice run` all go through the same decoder (`ConfigChecker`). Defaults live only in the
/// `OptionSpec`s: the plain accessors (`string`, `integer`, ...) return the value the config or the
/// declaration gives, and reading an option that has neither is a programmer error (a declared
/// option without a default is read with `optionalString` and its kind). Problems are recorded
/// with the setting they concern, so every one is reported at its file:line:col, all at once.
public struct OptionReader: Sendable {
    public let pluginName: String
    public let kind: SectionKind
    public let options: PluginOptions
    public let context: OptionContext
    /// Where the plugin block starts: the place of problems with no setting of their own.
    public let pluginLocation: SourceLocation
    public private(set) var problems: [PluginProblem] = []
    public private(set) var warnings: [PluginProblem] = []

    public init(
        pluginName: String, kind: SectionKind, options: PluginOptions, context: OptionContext = OptionContext(),
        pluginLocation: SourceLocation = SourceLocation(file: "<test>", line: 1, column: 1)
    ) {
        self.pluginName = pluginName
        self.kind = kind
        self.options = options
        self.context = context
        self.pluginLocation = pluginLocation
    }

    /// Whether the config wrote this setting (rather than it taking its default).
    public func isSet(_ name: String) -> Bool { options.isSet(name) }

    /// Where a setting was written, or the plugin's block when it was not.
    public func location(of setting: String?) -> SourceLocation {
        setting.flatMap { options.locations[$0] } ?? pluginLocation
    }

    // MARK: Values that the config or the declaration always gives

    public func value(_ name: String) -> OptionValue {
        guard let value = options[name] else { return Self.missing(name, pluginName) }
        return value
    }

    public func string(_ name: String) -> String {
        guard let text = options.string(name) else { return Self.missing(name, pluginName) }
        return text
    }

    public func integer(_ name: String) -> Int64 {
        guard let number = options.integer(name) else { return Self.missing(name, pluginName) }
        return number
    }

    public func double(_ name: String) -> Double {
        guard let number = options.double(name) else { return Self.missing(name, pluginName) }
        return number
    }

    public func bool(_ name: String) -> Bool {
        guard let flag = options.bool(name) else { return Self.missing(name, pluginName) }
        return flag
    }

    /// A list of strings (a single string is a list of one).
    public func strings(_ name: String) -> [String] {
        guard let list = options.strings(name) else { return Self.missing(name, pluginName) }
        return list
    }

    public func hash(_ name: String) -> [OptionHashEntry] {
        guard let entries = options.hash(name) else { return Self.missing(name, pluginName) }
        return entries
    }

    public func codec(_ name: String = "codec") -> CodecSetting {
        guard let codec = options.codec(name) else { return Self.missing(name, pluginName) }
        return codec
    }

    // MARK: Values that may be absent (declared without a default)

    public func optionalString(_ name: String) -> String? { options.string(name) }
    public func optionalInteger(_ name: String) -> Int64? { options.integer(name) }
    public func optionalDouble(_ name: String) -> Double? { options.double(name) }
    public func optionalBool(_ name: String) -> Bool? { options.bool(name) }
    public func optionalStrings(_ name: String) -> [String]? { options.strings(name) }
    public func optionalHash(_ name: String) -> [OptionHashEntry]? { options.hash(name) }
    public func secret(_ name: String) -> Secret? { options.secret(name) }

    // MARK: Problems

    /// Records an error at the setting (or at the plugin block when `setting` is nil).
    public mutating func problem(_ setting: String?, _ message: String, hint: String? = nil) {
        problems.append(PluginProblem(setting: setting, message, hint: hint))
    }

    /// Records a warning at the setting.
    public mutating func warning(_ setting: String?, _ message: String, hint: String? = nil) {
        warnings.append(PluginProblem(setting: setting, message, hint: hint))
    }

    /// Runs `body`; what it throws becomes a problem at `setting` and the result is `nil`.
    public mutating func attempt<T>(_ setting: String?, hint: String? = nil, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as OptionError {
            problems.append(OptionError(setting: error.setting ?? setting, error.message, hint: error.hint ?? hint))
        } catch let error as FieldPathError {
            problem(setting, error.message, hint: hint)
        } catch {
            problem(setting, "\(error)", hint: hint)
        }
        return nil
    }

    // MARK: Compiled forms

    /// A declared field reference option, parsed (`[a][b]`).
    public mutating func fieldPath(_ name: String) -> FieldPath? {
        guard let text = optionalString(name) else { return nil }
        return fieldPath(text, setting: name)
    }

    /// A field reference written inside a setting (a hash key, a list element), parsed.
    public mutating func fieldPath(_ text: String, setting: String) -> FieldPath? {
        do {
            return try FieldPath(parsing: text)
        } catch {
            problem(setting, "invalid field reference \"\(text)\": \(error.message)")
            return nil
        }
    }

    /// A sprintf template written in a setting (`%{field}`, `%{+YYYY.MM.dd}`), compiled.
    public mutating func template(_ text: String, setting: String) -> Template? {
        do {
            return try Template(text)
        } catch {
            problem(setting, error.description)
            return nil
        }
    }

    /// A number of seconds as a `Duration` (fractions kept to the millisecond).
    public func seconds(_ name: String) -> Duration { .milliseconds(Int64((double(name) * 1000).rounded())) }

    /// Fails when a problem was recorded: the options cannot be built.
    public func finish() throws(OptionError) {
        if !problems.isEmpty { throw OptionError(setting: nil, "invalid options") }
    }

    static func missing<T>(_ name: String, _ plugin: String) -> T {
        preconditionFailure("\(plugin): option \"\(name)\" is read as always present but is neither declared with a default nor required")
    }
}

/// What decoders know about the pipeline they decode for.
public struct OptionContext: Sendable, Hashable {
    /// The directory relative paths are taken from.
    public var workingDirectory: String
    /// `pipeline.ecs_compatibility`: the default of each plugin's `ecs_compatibility`.
    public var ecsCompatibility: String

    public init(workingDirectory: String = OptionContext.currentDirectory(), ecsCompatibility: String = "v8") {
        self.workingDirectory = workingDirectory
        self.ecsCompatibility = ecsCompatibility
    }

    public static func currentDirectory() -> String {
        FileAccess.currentDirectory()
    }
}

/// A problem a decoder throws: the setting it concerns, what is wrong, and a hint (the same value
/// a decoder records with `problem`).
public typealias OptionError = PluginProblem
