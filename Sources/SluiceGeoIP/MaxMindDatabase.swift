#if canImport(Glibc)
import Glibc
#endif
import CMaxMindDB
public import SluiceCore

/// A MaxMind DB file (`.mmdb`: GeoLite2/GeoIP2 City, Country, ASN, ISP, or one a MaxMind DB writer
/// made) opened once, memory-mapped, through Debian's libmaxminddb. The only code that touches
/// the library's pointers: lookups give `MaxMindRecord`s, and reading one gives event values.
///
/// Thread safety: libmaxminddb documents lookups on an opened `MMDB_s` as safe from any number of
/// threads (the file is mapped read-only and never changed), so one database is shared by all the
/// workers of a stage.
public final class MaxMindDatabase: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<MMDB_s>
    /// The file's `database_type` (`GeoLite2-City`, `GeoIP2-ISP`, ...).
    public let databaseType: String
    public let path: String

    public init(path: String) throws(MaxMindError) {
        handle = .allocate(capacity: 1)
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), handle)
        guard status == MMDB_SUCCESS else {
            let systemError = errno
            handle.deallocate()
            throw MaxMindError(path: path, code: status, systemError: systemError)
        }
        self.path = path
        databaseType = handle.pointee.metadata.database_type.map { String(cString: $0) } ?? ""
    }

    deinit {
        MMDB_close(handle)
        handle.deallocate()
    }

    /// The record for `address`, or `nil` when the database has none for it.
    public func record(for address: IPAddress) throws(MaxMindError) -> MaxMindRecord? {
        var error: Int32 = MMDB_SUCCESS
        let result: MMDB_lookup_result_s
        if address.isIPv4 {
            var socket = sockaddr_in()
            socket.sin_family = sa_family_t(AF_INET)
            socket.sin_addr.s_addr = UInt32(truncatingIfNeeded: address.bits).bigEndian
            result = withUnsafePointer(to: &socket) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &error) }
            }
        } else {
            var socket = sockaddr_in6()
            socket.sin6_family = sa_family_t(AF_INET6)
            let bytes = address.bytes
            withUnsafeMutableBytes(of: &socket.sin6_addr) { target in
                for index in 0..<16 { target[index] = bytes[index] }
            }
            result = withUnsafePointer(to: &socket) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &error) }
            }
        }
        guard error == MMDB_SUCCESS else { throw MaxMindError(path: path, code: error) }
        guard result.found_entry else { return nil }
        return MaxMindRecord(entry: result.entry, database: self)
    }
}

/// One record of a database (valid while the database is, which it keeps alive).
public struct MaxMindRecord {
    fileprivate var entry: MMDB_entry_s
    fileprivate let database: MaxMindDatabase

    /// The scalar at `path` (a string, number or boolean), or `nil` when there is none or it is a
    /// map or a list.
    public func value(at path: MaxMindPath) -> Value? {
        guard let data = data(at: path) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UTF8_STRING:
            guard let text = data.utf8_string else { return .string("") }
            return .string(String(decoding: UnsafeRawBufferPointer(start: text, count: Int(data.data_size)), as: UTF8.self))
        case MMDB_DATA_TYPE_DOUBLE: return .double(data.double_value)
        case MMDB_DATA_TYPE_FLOAT: return .double(Double(data.float_value))
        case MMDB_DATA_TYPE_UINT16: return .int(Int64(data.uint16))
        case MMDB_DATA_TYPE_UINT32: return .int(Int64(data.uint32))
        case MMDB_DATA_TYPE_INT32: return .int(Int64(data.int32))
        case MMDB_DATA_TYPE_UINT64: return .int(Int64(clamping: data.uint64))
        case MMDB_DATA_TYPE_BOOLEAN: return .bool(data.boolean)
        default: return nil
        }
    }

    /// The number of elements of the list (or members of the map) at `path`.
    public func count(at path: MaxMindPath) -> Int? {
        guard let data = data(at: path) else { return nil }
        let type = Int32(data.type)
        return type == MMDB_DATA_TYPE_ARRAY || type == MMDB_DATA_TYPE_MAP ? Int(data.data_size) : nil
    }

    private func data(at path: MaxMindPath) -> MMDB_entry_data_s? {
        var entry = self.entry
        var data = MMDB_entry_data_s()
        let status = withExtendedLifetime(database) { MMDB_aget_value(&entry, &data, path.components) }
        return status == MMDB_SUCCESS && data.has_data ? data : nil
    }
}

/// A path into a record (`["city", "names", "en"]`; a list element by its index as text), kept
/// as the NULL-terminated C strings libmaxminddb reads, made once.
public final class MaxMindPath: @unchecked Sendable {
    fileprivate let components: UnsafeMutablePointer<UnsafePointer<CChar>?>
    private let count: Int

    public init(_ path: [String]) {
        count = path.count
        components = .allocate(capacity: path.count + 1)
        for (index, component) in path.enumerated() { components[index] = UnsafePointer(strdup(component)) }
        components[path.count] = nil
    }

    deinit {
        for index in 0..<count { free(UnsafeMutablePointer(mutating: components[index])) }
        components.deallocate()
    }
}

/// A database that cannot be opened or searched, with libmaxminddb's reason.
public struct MaxMindError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32
    /// `errno` when the file could not be opened.
    public var systemError: Int32 = 0

    public var description: String {
        switch code {
        case MMDB_FILE_OPEN_ERROR: "\(path): cannot be opened (\(String(cString: strerror(systemError))))"
        case MMDB_INVALID_METADATA_ERROR, MMDB_UNKNOWN_DATABASE_FORMAT_ERROR, MMDB_INVALID_DATA_ERROR:
            "\(path): the database provided is invalid or corrupted (\(String(cString: MMDB_strerror(code))))"
        default: "\(path): \(String(cString: MMDB_strerror(code)))"
        }
    }
}
