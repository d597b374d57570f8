import SluiceLumberjack
import NIOCore

/// Closes a connection on which nothing was read or written for the inactivity timeout (fed by
/// NIO's `IdleStateHandler`). Keep-alive ACKs are writes, so a connection waiting on a slow pipeline
/// is never idle.
final class CloseOnIdleHandler: ChannelInboundHandler {
    typealias InboundIn = LumberjackFrame
    typealias InboundOut = LumberjackFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension CloseOnIdleHandler: Sendable {}
