/// `${VAR}` and `${VAR:default}` in setting values, replaced from the environment before checking
/// (Logstash does the same with its keystore and environment).
public struct EnvironmentSubstitution: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Replaces every reference in `text`.
    /// - Returns: the new text, or the name of the first variable that is neither set nor defaulted.
    public func substitute(_ text: String) -> Result<String, MissingVariable> {
        guard text.contains("${") else { return .success(text) }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                return .success(out)
            }
            let body = rest[open.upperBound..<close]
            let name: Substring
            var fallback: Substring?
            if let colon = body.firstIndex(of: ":") {
                name = body[..<colon]
                fallback = body[body.index(after: colon)...]
            } else {
                name = body
            }
            if let value = environment[String(name)] {
                out += value
            } else if let fallback {
                out += fallback
            } else {
                return .failure(MissingVariable(name: String(name)))
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return .success(out)
    }

    public struct MissingVariable: Error, Sendable, Hashable {
        public let name: String
    }
}
