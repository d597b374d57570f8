public import NIOCore
import SluiceCore

/// An accepted connection on its way from a server's stream of accepted connections (NIO's async
/// `bind`) to the loop that serves it. A server's channel initializer returns one of these instead
/// of the bare `NIOAsyncChannel`, and the accept loop `take()`s it.
///
/// NIO's stream drops the connections it still holds when its reader stops (a server stopping while
/// clients connect), and a `NIOAsyncChannel` dropped before `executeThenClose` stops the whole
/// process ("Deinited NIOAsyncWriter without calling finish()", swift-nio #2637 and #3481). A
/// connection that nobody took is closed properly when its box goes away instead.
public final class AcceptedChannel<Inbound: Sendable, Outbound: Sendable>: Sendable {
    public typealias Connection = NIOAsyncChannel<Inbound, Outbound>

    private let connection: Locked<Connection?>
    /// The peer, read when the connection was accepted: a channel forgets it once closed, and a
    /// client that sends a line and closes at once is closed before it is served.
    public let remoteAddress: SocketAddress?

    public init(_ connection: Connection) {
        self.connection = Locked(connection)
        remoteAddress = connection.channel.remoteAddress
    }

    /// The connection, the first time only: the caller must end it with `executeThenClose`.
    public func take() -> Connection? {
        connection.withLock { $0.take() }
    }

    deinit {
        if let dropped = take() {
            Task { try? await dropped.executeThenClose { _, _ in } }
        }
    }
}
