public import SluiceCore

/// `input { syslog { ... } }`: a TCP listener (one line, one event) and a UDP listener (one
/// datagram, one event) on the same port, as logstash-input-syslog, the sender at `[host][ip]`
/// (ECS) or `host`; every event goes through `SyslogRelay` on its way to the pipeline.
public struct SyslogInput: Input {
    let options: SyslogInputOptions
    let onListening: (@Sendable (Int) -> Void)?

    public init(options: SyslogInputOptions, onListening: (@Sendable (Int) -> Void)? = nil) {
        self.options = options
        self.onListening = onListening
    }

    public func run(sink: any EventSink, context: StageContext) async throws {
        let options = self.options
        let hostField = try! FieldPath(parsing: options.ecs ? "[host][ip]" : "host")
        let relaying = SyslogRelayingSink(relay: options.relay, next: sink)
        // With port 0 the TCP side takes a free port and the UDP side binds the same number.
        let tcpPort = AsyncStream.makeStream(of: Int.self)
        let tcp = try TCPInput(
            options: TCPInputOptions(
                host: options.address.host, port: options.address.port, ecs: options.ecs, peerField: hostField, decoration: options.decoration)
        ) { port in
            tcpPort.continuation.yield(port)
            tcpPort.continuation.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await tcp.run(sink: relaying, context: context) }
            var bound = options.address.port
            for await port in tcpPort.stream { bound = port }
            let udp = UDPInput(
                options: UDPInputOptions(host: options.address.host, port: bound, sourceField: hostField, decoration: options.decoration),
                onListening: onListening)
            group.addTask { try await udp.run(sink: relaying, context: context) }
            try await group.next()
            group.cancelAll()
        }
    }
}
