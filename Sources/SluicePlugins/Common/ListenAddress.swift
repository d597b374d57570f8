import SluiceConfig

/// Where a listening input binds: its `host` and `port` settings, checked (a port in 0–65535, 0
/// meaning any free one; a host that is not empty). Shared by beats, tcp and udp.
struct ListenAddress: Sendable, Equatable {
    let host: String
    let port: Int

    init(_ reader: inout OptionReader) {
        let port = reader.integer("port")
        if !(0...65_535).contains(port) {
            reader.problem("port", "port \(port) is out of range", hint: "use 1-65535 (0: any free port)")
        }
        self.port = Int(clamping: port)
        host = reader.string("host")
        if host.isEmpty { reader.problem("host", "host is empty", hint: "0.0.0.0 listens on every address") }
    }
}
