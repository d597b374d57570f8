import SluiceConfig
public import SluiceCore

/// A grok expression (`%{IP:[source][ip]} %{NUMBER:took:float} (?<id>\d+)`) expanded into one
/// Oniguruma regular expression, with a table from generated group names to fields.
///
/// Expansion follows jls-grok (../shared/SPEC/grok.md §1): the first `%{NAME[:semantic[:type]][=definition]}`
/// is replaced by its definition in a group, again and again, at most 10,000 times. A reference
/// with a semantic is captured into that field (`int`/`float` convert); without one it is `(?:...)`
/// unless `named_captures_only` is off. Group names like `NUMBER:[a][b]:int` are not valid in
/// Oniguruma, so every captured group gets a generated name (`sluiceg1`...) and the table keeps what
/// it stands for; user-written `(?<name>...)` groups are renamed the same way.
public struct GrokExpression: Sendable, Hashable {
    public enum Conversion: String, Sendable, Hashable {
        case string, int, float
    }

    public struct Capture: Sendable, Hashable {
        /// The generated group name in `regex`.
        public let group: String
        /// The capture's name as grok sees it (the semantic, or the pattern name): what `overwrite` lists.
        public let name: String
        public let field: FieldPath
        public let conversion: Conversion
    }

    /// Why an expression cannot be compiled.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
        public let hint: String?
    }

    public let source: String
    public let regex: String
    public let captures: [Capture]
    /// `regex` with its leading `^` as `\A`, when the expression starts with `^` and has no
    /// top-level alternation: for a text without a newline the two match the same, and Oniguruma
    /// tries a `^` pattern at every position (about 3 µs a miss on a 150-byte line) but an `\A`
    /// one only at the start (about 60 ns).
    public let startAnchored: String?

    public static let generatedPrefix = "sluiceg"

    /// - Parameters:
    ///   - definitions: pattern names and their definitions (built-in set, files, `pattern_definitions`);
    ///     inline `%{NAME=...}` definitions are added as they are reached.
    ///   - target: where captures go (`[grok][...]`), `nil` for the event's top level.
    public init(_ source: String, definitions: [String: String], namedCapturesOnly: Bool, target: FieldPath?) throws(Invalid) {
        var definitions = definitions
        var text = Array(source.utf8)
        var pending: [(group: String, name: String, type: String?)] = []
        var iterations = 0
        var searchFrom = 0
        while let reference = GrokExpression.nextReference(in: text, from: searchFrom) {
            iterations += 1
            if iterations > 10_000 {
                throw Invalid(description: "deep recursion compiling \(source): a pattern refers to itself", hint: nil)
            }
            if let inline = reference.definition { definitions[reference.name] = inline }
            guard let definition = definitions[reference.name] else {
                let close = Suggestion.closest(to: reference.name, in: Array(definitions.keys))
                throw Invalid(
                    description: "pattern %{\(reference.name)} not defined" + (close.map { " (did you mean \($0)?)" } ?? ""),
                    hint: close == nil ? "define it with pattern_definitions or a file in patterns_dir" : nil)
            }
            let replacement: String
            if let semantic = reference.semantic {
                let group = "\(GrokExpression.generatedPrefix)\(pending.count + 1)"
                let parts = semantic.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                pending.append((group, String(parts[0]), parts.count > 1 ? String(parts[1]) : nil))
                replacement = "(?<\(group)>\(definition))"
            } else if !namedCapturesOnly {
                let group = "\(GrokExpression.generatedPrefix)\(pending.count + 1)"
                pending.append((group, reference.name, nil))
                replacement = "(?<\(group)>\(definition))"
            } else {
                replacement = "(?:\(definition))"
            }
            text.replaceSubrange(reference.range, with: Array(replacement.utf8))
            searchFrom = reference.range.lowerBound
        }
        // User-written named groups (in the expression or in definitions).
        var i = 0
        var renamed: [UInt8] = []
        renamed.reserveCapacity(text.count)
        while i < text.count {
            if text[i] == UInt8(ascii: "\\"), i + 1 < text.count {
                renamed.append(contentsOf: text[i...(i + 1)])
                i += 2
                continue
            }
            if text[i] == UInt8(ascii: "("), i + 3 < text.count, text[i + 1] == UInt8(ascii: "?"), text[i + 2] == UInt8(ascii: "<"),
                text[i + 3] != UInt8(ascii: "="), text[i + 3] != UInt8(ascii: "!"),
                let close = text[(i + 3)...].firstIndex(of: UInt8(ascii: ">"))
            {
                let name = String(decoding: text[(i + 3)..<close], as: UTF8.self)
                if name.hasPrefix(GrokExpression.generatedPrefix) {
                    renamed.append(contentsOf: text[i...close])
                } else {
                    let group = "\(GrokExpression.generatedPrefix)\(pending.count + 1)"
                    // jls-grok splits a group's name on ":" as it does references: `foo:int` names the field `int`.
                    let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    pending.append((group, parts.count > 1 ? parts[1] : parts[0], parts.count > 2 ? parts[2] : nil))
                    renamed.append(contentsOf: Array("(?<\(group)>".utf8))
                }
                i = close + 1
                continue
            }
            renamed.append(text[i])
            i += 1
        }
        var captures: [Capture] = []
        for entry in pending {
            let conversion: Conversion
            switch entry.type {
            case nil: conversion = .string
            case "int"?: conversion = .int
            case "float"?: conversion = .float
            case let other?:
                throw Invalid(
                    description: "unknown conversion \"\(other)\" in %{...:\(entry.name):\(other)}", hint: "grok converts to int or float")
            }
            let field: FieldPath
            do {
                field = try FieldPath(parsing: target == nil ? entry.name : GrokExpression.nested(entry.name, under: target!))
            } catch {
                throw Invalid(description: "the capture name \(entry.name) is not a field reference: \(error.message)", hint: nil)
            }
            captures.append(Capture(group: entry.group, name: entry.name, field: field, conversion: conversion))
        }
        self.source = source
        self.regex = String(decoding: renamed, as: UTF8.self)
        self.captures = captures
        startAnchored = GrokExpression.anchoredAtStart(renamed).map { _ in "\\A" + String(decoding: renamed.dropFirst(), as: UTF8.self) }
    }

    /// Whether a regex starts with `^` that applies to all of it (no `|` outside groups).
    public static func anchoredAtStart(_ regex: [UInt8]) -> Bool? {
        guard regex.first == UInt8(ascii: "^") else { return nil }
        var depth = 0
        var inClass = false
        var i = 1
        while i < regex.count {
            let byte = regex[i]
            if byte == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
            } else if byte == UInt8(ascii: "[") {
                inClass = true
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
            } else if byte == UInt8(ascii: "|") && depth == 0 {
                return nil
            }
            i += 1
        }
        return true
    }

    /// `[target][name]` for a capture name that may itself be a field reference (`[a][b]`).
    public static func nested(_ name: String, under target: FieldPath) -> String {
        let base = target.segments.map { "[\($0.key)]" }.joined()
        if name.hasPrefix("[") { return base + name }
        return base + "[\(name)]"
    }

    public struct Reference {
        public var range: Range<Int>
        public var name: String
        public var semantic: String?
        public var definition: String?
    }

    /// The first `%{...}` at or after `from` (jls-grok's `PATTERN_RE`).
    public static func nextReference(in text: [UInt8], from start: Int) -> Reference? {
        var i = start
        while i + 1 < text.count {
            guard text[i] == UInt8(ascii: "%"), text[i + 1] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            var j = i + 2
            let nameStart = j
            while j < text.count, isNameByte(text[j]) { j += 1 }
            guard j > nameStart else {
                i += 1
                continue
            }
            let name = String(decoding: text[nameStart..<j], as: UTF8.self)
            var semantic: String?
            if j < text.count, text[j] == UInt8(ascii: ":") {
                let semanticStart = j + 1
                j = semanticStart
                while j < text.count, isSemanticByte(text[j]) { j += 1 }
                semantic = String(decoding: text[semanticStart..<j], as: UTF8.self)
            }
            var definition: String?
            if j < text.count, text[j] == UInt8(ascii: "=") {
                let definitionStart = j + 1
                var depth = 0
                j = definitionStart
                while j < text.count {
                    if text[j] == UInt8(ascii: "{") { depth += 1 } else if text[j] == UInt8(ascii: "}") {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    j += 1
                }
                definition = String(decoding: text[definitionStart..<j], as: UTF8.self)
            }
            // Anything else before the closing brace is ignored, as in jls-grok.
            while j < text.count, text[j] != UInt8(ascii: "}") { j += 1 }
            guard j < text.count else { return nil }
            return Reference(range: i..<(j + 1), name: name, semantic: semantic, definition: definition)
        }
        return nil
    }

    public static func isNameByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "_")
    }

    public static func isSemanticByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
