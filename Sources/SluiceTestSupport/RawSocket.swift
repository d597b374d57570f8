#if canImport(Glibc)
import Glibc
#endif

/// Plain blocking TCP sockets to a server on 127.0.0.1, for tests that need many connections at
/// once or must see the server close them (run them through `offPool`).
public enum RawSocket {
    /// A connected socket, or -1.
    public static func connect(toLocalPort port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    /// Whether the server closes the socket within `seconds` (a read sees the end, or a reset);
    /// anything the server sends first is read and ignored.
    public static func waitForClose(_ fd: Int32, seconds: Int = 30) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    /// Writes `bytes`, then reads until `count` bytes came back (fewer if the server closed the
    /// socket or `seconds` passed); the socket stays open.
    public static func exchange(_ fd: Int32, send bytes: [UInt8], receive count: Int, seconds: Int = 10) -> [UInt8] {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return [] }
            sent += n
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = received.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, count - filled, 0) }
            if n <= 0 { break }
            filled += n
        }
        return Array(received[..<filled])
    }
}

extension RawSocket {
    /// A socket listening on 127.0.0.1 at a port the OS chose (to make a port "already in use").
    public struct Listener: Sendable {
        public let descriptor: Int32
        public let port: Int

        public func close() { _ = Glibc.close(descriptor) }
    }

    public struct ListenFailure: Error {}

    public static func listen() throws -> Listener {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenFailure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && Glibc.listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(fd)
            throw ListenFailure()
        }
        return Listener(descriptor: fd, port: Int(UInt16(bigEndian: address.sin_port)))
    }
}
