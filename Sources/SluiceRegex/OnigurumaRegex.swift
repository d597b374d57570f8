import COniguruma

/// A regular expression compiled by Oniguruma (Ruby syntax, UTF-8), the engine grok uses.
///
/// The only type that touches Oniguruma's pointers. Not `Sendable`: each pipeline worker compiles
/// its own (`onig_search` writes into a region the caller owns, but one region per regex keeps
/// the hot path free of allocation and locks). Options as Logstash's grok: `.` matches newlines
/// (Ruby's MULTILINE; `dotMatchesNewline: false` for a plain Ruby regex, as kv's), `\d` and `\s`
/// are ASCII (as Joni's Ruby syntax), `^`/`$` are line anchors.
public final class OnigurumaRegex {
    /// Why a pattern does not compile.
    public struct CompileError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What a search found.
    public enum Outcome: Equatable {
        case matched
        case noMatch
        /// The search took more steps than its limit allows (a runaway pattern).
        case limitExceeded
        case failed(Int32)
    }

    private let regex: OnigRegex
    private let region: UnsafeMutablePointer<OnigRegion>
    private let parameters: OpaquePointer
    public let source: String

    /// - Parameter retryLimit: the most backtracking steps one search may take (0: Oniguruma's default).
    /// - Parameter dotMatchesNewline: Ruby's `/m` (grok compiles with it; a plain Ruby regex has not).
    public init(_ pattern: String, retryLimit: UInt = 0, dotMatchesNewline: Bool = true) throws(CompileError) {
        var compiled: OnigRegex?
        var message = [CChar](repeating: 0, count: 128)
        let options = (dotMatchesNewline ? OnigOptionType(ONIG_OPTION_MULTILINE) : 0) | OnigOptionType(ONIG_OPTION_DIGIT_IS_ASCII)
            | OnigOptionType(ONIG_OPTION_SPACE_IS_ASCII) | OnigOptionType(ONIG_OPTION_CAPTURE_GROUP)
        var text = pattern
        let code = text.withUTF8 { bytes in
            sluice_onig_compile(&compiled, bytes.baseAddress, bytes.count, options, &message, message.count)
        }
        guard code == ONIG_NORMAL, let compiled else {
            throw CompileError(description: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        regex = compiled
        region = onig_region_new()
        parameters = onig_new_match_param()
        onig_initialize_match_param(parameters)
        if retryLimit > 0 {
            onig_set_retry_limit_in_match_of_match_param(parameters, retryLimit)
            onig_set_retry_limit_in_search_of_match_param(parameters, retryLimit)
        }
        source = pattern
    }

    deinit {
        onig_region_free(region, 1)
        onig_free_match_param(parameters)
        onig_free(regex)
    }

    /// How many capture groups the pattern has (group 0, the whole match, not counted).
    public var groupCount: Int { Int(onig_number_of_captures(regex)) }

    /// The number of the group named `name` (its first, if the name is used twice).
    public func group(named name: String) -> Int? {
        var numbers: UnsafeMutablePointer<Int32>?
        var text = name
        let count = text.withUTF8 { bytes in onig_name_to_group_numbers(regex, bytes.baseAddress, bytes.baseAddress! + bytes.count, &numbers) }
        guard count > 0, let numbers else { return nil }
        return Int(numbers[0])
    }

    /// Searches `text` from byte `start` on (anchors and look-behinds see all of it); after
    /// `.matched`, `range(of:)` gives each group's bytes, counted from the start of `text`.
    public func search(_ text: UnsafeRawBufferPointer, from start: Int = 0) -> Outcome {
        precondition(start >= 0 && start <= text.count, "search start outside the text")
        let code: Int32
        if let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            code = sluice_onig_search(regex, base, text.count, start, region, parameters)
        } else {
            var nothing: UInt8 = 0  // an empty text still needs an address
            code = withUnsafePointer(to: &nothing) { sluice_onig_search(regex, $0, 0, 0, region, parameters) }
        }
        if code >= 0 { return .matched }
        if code == ONIG_MISMATCH { return .noMatch }
        if code == ONIGERR_RETRY_LIMIT_IN_MATCH_OVER || code == ONIGERR_RETRY_LIMIT_IN_SEARCH_OVER { return .limitExceeded }
        return .failed(code)
    }

    /// The bytes group `number` matched in the last search, or `nil` when it took no part.
    public func range(of number: Int) -> Range<Int>? {
        guard number < Int(region.pointee.num_regs) else { return nil }
        let start = Int(region.pointee.beg[number])
        let end = Int(region.pointee.end[number])
        guard start >= 0, end >= start else { return nil }
        return start..<end
    }

    /// Whether `text` matches anywhere (a convenience for tests and cold paths).
    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { search(UnsafeRawBufferPointer($0)) } == .matched
    }
}
