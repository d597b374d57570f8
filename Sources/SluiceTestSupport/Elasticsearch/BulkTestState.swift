import NIOHTTP1
import SluiceCore

/// The test server's indices and failure settings, and its `_bulk` handling.
struct BulkTestState {
    let countOnly: Bool
    var indices: [String: TestIndex] = [:]
    var requestFailures: [Int] = []
    var itemRule: (@Sendable (BulkItemContext) -> Int?)?
    /// The mapping every new index starts with (an index template's).
    var template = TestMapping()
    var refusing = false
    /// How long each answer waits before it is sent (`nil`: at once).
    var responseDelay: Duration?
    var bulkRequests = 0
    var gzipRequests = 0
    var largestBody = 0
    var lastHeaders: [String: String] = [:]
    var lastURI = ""

    init(countOnly: Bool) {
        self.countOnly = countOnly
    }

    static func errorBody(type: String, reason: String, status: Int) -> String {
        JSONWriter.string(["error": ["type": .string(type), "reason": .string(reason)], "status": .int(Int64(status))])
    }

    struct Item {
        var action: String
        var index: String
        var status: Int
        var error: (type: String, reason: String)?
    }

    /// One parsed action of a bulk body.
    struct Action {
        var action: String
        var meta: OrderedObject
        var source: Value?
    }

    /// Parses a bulk body strictly (outside the lock): a malformed line fails the whole request,
    /// as in Elasticsearch. Returns the error response instead when it is not acceptable.
    static func parse(_ body: [UInt8], keepSources: Bool) -> Result<[Action], BulkRejection> {
        guard body.last == UInt8(ascii: "\n") else {
            return .failure(BulkRejection(type: "illegal_argument_exception", reason: "The bulk request must be terminated by a newline [\\n]"))
        }
        var actions: [Action] = []
        let reader = JSONReader()  // its string cache makes repeated keys and values once per request
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()[...]
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            guard case .object(let wrapper)? = try? line.withUnsafeBytes({ try reader.parse($0) }), wrapper.count == 1,
                let entry = wrapper.entryList.first, case .object(let meta) = entry.value,
                ["index", "create", "update", "delete"].contains(entry.key)
            else {
                return .failure(BulkRejection(type: "x_content_parse_exception", reason: "malformed action line"))
            }
            var source: Value?
            if entry.key != "delete" {
                guard let next = lines.popFirst() else {
                    return .failure(BulkRejection(type: "x_content_parse_exception", reason: "an action without its source line"))
                }
                if keepSources {
                    guard let parsed = try? next.withUnsafeBytes({ try reader.parse($0) }), case .object = parsed else {
                        return .failure(BulkRejection(type: "x_content_parse_exception", reason: "malformed source line"))
                    }
                    source = parsed
                } else if !next.withUnsafeBytes({ JSONValidator.isObject($0) }) {
                    return .failure(BulkRejection(type: "x_content_parse_exception", reason: "malformed source line"))
                }
            }
            actions.append(Action(action: entry.key, meta: meta, source: source))
        }
        return .success(actions)
    }

    struct BulkRejection: Error {
        var type: String
        var reason: String
    }

    /// Counts a bulk request and the failure it was told to answer with, if any.
    mutating func receive(bodyCount: Int, gzip: Bool, headers: [String: String], uri: String) -> (HTTPResponseStatus, String)? {
        bulkRequests += 1
        if gzip { gzipRequests += 1 }
        largestBody = max(largestBody, bodyCount)
        lastHeaders = headers
        lastURI = uri
        if !requestFailures.isEmpty {
            let status = requestFailures.removeFirst()
            return (HTTPResponseStatus(statusCode: status), BulkTestState.errorBody(type: "test_failure", reason: "told to fail", status: status))
        }
        return nil
    }

    mutating func bulk(_ actions: [Action], filtered: Bool) -> (HTTPResponseStatus, String) {
        var nameProblems: [String: String?] = [:]
        var items: [Item] = []
        items.reserveCapacity(actions.count)
        for (action, meta, source) in actions.lazy.map({ ($0.action, $0.meta, $0.source) }) {
            var index = ""
            if case .string(let name)? = meta["_index"] { index = name }
            var item = Item(action: action, index: index, status: 201)
            if let status = itemRule?(BulkItemContext(index: index, action: action, document: source, requestNumber: bulkRequests)) {
                item.status = status
                item.error = (status == 429 ? "es_rejected_execution_exception" : "illegal_state_exception", "told to fail")
            } else if let problem = nameProblems[index] ?? {
                let found = BulkTestState.indexNameProblem(index)
                nameProblems[index] = .some(found)
                return found
            }() {
                item.status = 400
                item.error = ("invalid_index_name_exception", problem)
            } else if countOnly {
                indices[index, default: TestIndex(mapping: template)].count += 1
            } else {
                var id: String?
                if case .string(let s)? = meta["_id"] { id = s }
                item = BulkTestState.apply(action, id: id, source: source, to: &indices[index, default: TestIndex(mapping: template)], item: item)
            }
            items.append(item)
        }
        let errors = items.contains { $0.error != nil }
        if filtered && !errors { return (.ok, #"{"errors":false}"#) }
        var list: [Value] = []
        list.reserveCapacity(items.count)
        for item in items {
            var result = OrderedObject()
            if !filtered { result["_index"] = .string(item.index) }
            result["status"] = .int(Int64(item.status))
            if let error = item.error {
                result["error"] = ["type": .string(error.type), "reason": .string(error.reason)]
            }
            var wrapper = OrderedObject()
            wrapper[item.action] = .object(result)
            list.append(.object(wrapper))
        }
        var response = OrderedObject()
        if !filtered { response["took"] = 1 }
        response["errors"] = .bool(errors)
        response["items"] = .array(list)
        return (.ok, JSONWriter.string(.object(response)))
    }

    /// Applies one action to an index, in place (a copy of the index would copy every document).
    private static func apply(_ action: String, id: String?, source: Value?, to index: inout TestIndex, item: Item) -> Item {
        var item = item
        if action == "delete" {
            item.status = id.flatMap { index.ids[$0] } != nil ? 200 : 404
            if let id, let position = index.ids.removeValue(forKey: id) { index.documents[position] = .null }
            return item
        }
        var document = source ?? .null
        if action == "update", case .object(let wrapper) = document, let doc = wrapper["doc"] { document = doc }
        if action == "create", let id, index.ids[id] != nil {
            item.status = 409
            item.error = ("version_conflict_engine_exception", "[\(id)]: version conflict, document already exists")
            return item
        }
        if let conflict = index.mapping.conflict(with: document) {
            item.status = 400
            item.error = ("mapper_parsing_exception", conflict)
            return item
        }
        index.mapping.learn(document)
        if let id, let position = index.ids[id] {
            index.documents[position] = document
            item.status = 200
        } else {
            if let id { index.ids[id] = index.documents.count }
            index.documents.append(document)
            index.count += 1
        }
        return item
    }

    static func indexNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "index name is empty" }
        if name != name.lowercased() { return "Invalid index name [\(name)], must be lowercase" }
        if let first = name.first, "-_+".contains(first) { return "Invalid index name [\(name)], must not start with '_', '-', or '+'" }
        if name.contains(where: { "\\/*?\"<>|, #:".contains($0) }) {
            return "Invalid index name [\(name)], must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]"
        }
        return nil
    }
}

/// One index of the test server.
struct TestIndex {
    var documents: [Value] = []
    var ids: [String: Int] = [:]
    var count = 0
    var mapping: TestMapping
}

/// A field kind as the test server maps it.
public enum MappedKind: String, Sendable {
    case number = "long", boolean, text, object
}

/// Dynamic mapping as Elasticsearch does it, reduced to what makes documents conflict: the first
/// document that sets a field fixes its kind (number, boolean, text, object).
struct TestMapping {
    typealias Kind = MappedKind

    var kinds: [String: Kind] = [:]

    func conflict(with document: Value, prefix: String = "") -> String? {
        guard case .object(let object) = document else { return nil }
        for (key, value) in object {
            let path = prefix.isEmpty ? key : prefix + "." + key
            for element in TestMapping.elements(of: value) {
                guard let kind = TestMapping.kind(of: element) else { continue }
                if let known = kinds[path], known != kind, !TestMapping.coerces(element, to: known) {
                    if known == .object {
                        return "object mapping for [\(path)] tried to parse field [\(path)] as object, but found a concrete value"
                    }
                    return "failed to parse field [\(path)] of type [\(known.rawValue)] in document"
                }
                if kind == .object, kinds[path] == nil || kinds[path] == .object, let nested = conflict(with: element, prefix: path) {
                    return nested
                }
            }
        }
        return nil
    }

    mutating func learn(_ document: Value, prefix: String = "") {
        guard case .object(let object) = document else { return }
        for (key, value) in object {
            let path = prefix.isEmpty ? key : prefix + "." + key
            for element in TestMapping.elements(of: value) {
                guard let kind = TestMapping.kind(of: element) else { continue }
                if kinds[path] == nil { kinds[path] = kind }
                if kind == .object { learn(element, prefix: path) }
            }
        }
    }

    static func elements(of value: Value) -> [Value] {
        if case .array(let list) = value { return list.flatMap(elements(of:)) }
        return [value]
    }

    static func kind(of value: Value) -> Kind? {
        switch value {
        case .null, .array: nil
        case .int, .double, .bigNumber: .number
        case .bool: .boolean
        case .string, .timestamp: .text
        case .object: .object
        }
    }

    /// Whether Elasticsearch would take `value` in a field of kind `known` (numbers in text fields,
    /// numeric strings in number fields, "true"/"false" in boolean fields).
    static func coerces(_ value: Value, to known: Kind) -> Bool {
        switch (known, value) {
        case (.text, .int), (.text, .double), (.text, .bigNumber), (.text, .bool): true
        case (.number, .string(let s)): Double(s) != nil
        case (.boolean, .string(let s)): s == "true" || s == "false"
        default: false
        }
    }
}
