import NIOCore
import SluiceCore
import SluiceNetwork
import Synchronization

/// The accept loop of a listening input (beats, tcp): each connection served in a task of its own
/// until the server closes; one beyond `limit` open at once is closed as soon as it is accepted,
/// counted and warned about (rate-limited).
struct ConnectionAcceptor: Sendable {
    /// The input's name, in messages.
    let input: String
    let limit: Int
    let acceptedMetric: String
    let refusedMetric: String

    func run<Inbound: Sendable, Outbound: Sendable>(
        _ server: NIOAsyncChannel<AcceptedChannel<Inbound, Outbound>, Never>, context: StageContext,
        serve: @escaping @Sendable (NIOAsyncChannel<Inbound, Outbound>, SocketAddress?) async -> Void
    ) async throws {
        let open = OpenConnections()
        var refusals = WarningLimiter()
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await accepted in connections {
                    guard let connection = accepted.take() else { continue }
                    let address = accepted.remoteAddress
                    guard open.count.add(1, ordering: .relaxed).newValue <= limit else {
                        open.count.subtract(1, ordering: .relaxed)
                        refusals.warn(
                            context.log, "closing a \(input) connection: too many connections",
                            ["stage": context.stageID, "max_connections": "\(limit)"], now: .now())
                        try? await connection.executeThenClose { _, _ in }
                        context.metrics.add(refusedMetric)
                        continue
                    }
                    context.metrics.add(acceptedMetric)
                    group.addTask {
                        await serve(connection, address)
                        open.count.subtract(1, ordering: .relaxed)
                    }
                }
            }
        }
    }
}

/// How many connections an input is serving.
final class OpenConnections: Sendable {
    let count = Atomic<Int>(0)
}
