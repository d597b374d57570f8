import SluiceCore

/// A `_bulk` response, read as far as the output needs it: `errors`, and each item's status and
/// error (with `filter_path=errors,items.*.error,items.*.status`, a response without errors is just
/// `{"errors":false}`).
struct BulkResponse: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var status: Int
        var errorType: String?
        var reason: String?
    }

    var errors: Bool
    var items: [Item]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    init(errors: Bool, items: [Item]) {
        self.errors = errors
        self.items = items
    }

    init(parsing bytes: UnsafeRawBufferPointer) throws(Malformed) {
        let value: Value
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw Malformed(description: "the bulk response is not JSON (\(error))")
        }
        guard case .object(let object) = value else { throw Malformed(description: "the bulk response is not a JSON object") }
        if case .bool(let flag)? = object["errors"] {
            errors = flag
        } else {
            throw Malformed(description: "the bulk response has no errors flag")
        }
        items = []
        guard case .array(let list)? = object["items"] else { return }
        items.reserveCapacity(list.count)
        for element in list {
            // {"index":{"status":201}} — one key, the action.
            guard case .object(let wrapper) = element, let inner = wrapper.entryList.first?.value, case .object(let result) = inner
            else {
                throw Malformed(description: "a bulk response item is not {action: {...}}")
            }
            let status: Int
            switch result["status"] {
            case .int(let n)?: status = Int(n)
            default: throw Malformed(description: "a bulk response item has no status")
            }
            var item = Item(status: status)
            if case .object(let error)? = result["error"] {
                if case .string(let type)? = error["type"] { item.errorType = type }
                if case .string(let reason)? = error["reason"] { item.reason = reason }
            }
            items.append(item)
        }
    }
}

/// What happens to one event after Elasticsearch answered for it (SPEC §8.3).
enum ItemVerdict: Sendable, Equatable {
    /// Indexed (200, 201).
    case indexed
    /// Dropped on purpose (409 conflicts, `drop_error_types`), with a warning.
    case dropped
    /// Never indexable (400, 404, `dlq_custom_codes`): to the dead-letter file.
    case deadLetter
    /// Worth sending again (429, 5xx, 413, anything else).
    case retry

    init(status: Int, errorType: String?, deadLetterCodes: Set<Int>, dropErrorTypes: Set<String>) {
        if status == 200 || status == 201 {
            self = .indexed
        } else if status == 409 || errorType.map(dropErrorTypes.contains) == true {
            self = .dropped
        } else if deadLetterCodes.contains(status) {
            self = .deadLetter
        } else {
            self = .retry
        }
    }
}
