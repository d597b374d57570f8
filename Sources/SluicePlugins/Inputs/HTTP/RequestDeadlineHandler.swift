import NIOCore
import NIOHTTP1
import SluiceCore

/// Closes a connection that has not delivered a whole request within the deadline: a slow client
/// trickling its head or body (slowloris) and an idle keep-alive connection alike. The clock runs
/// while the connection waits for a request (from the start, and from each response's end) and
/// stops while a request it delivered is being answered, so waiting on a slow pipeline never
/// times out.
final class RequestDeadlineHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let deadline: TimeAmount
    let metrics: PluginMetrics
    private var scheduled: Scheduled<Void>?

    init(deadline: TimeAmount, metrics: PluginMetrics) {
        self.deadline = deadline
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            scheduled?.cancel()
            scheduled = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        scheduled?.cancel()
        let channel = context.channel
        let metrics = self.metrics
        scheduled = context.eventLoop.scheduleTask(in: deadline) {
            metrics.add(HTTPInputMetric.requestTimeouts.rawValue)
            channel.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
