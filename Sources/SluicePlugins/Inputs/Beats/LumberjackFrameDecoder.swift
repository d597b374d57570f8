import SluiceLumberjack
import NIOCore

/// The NIO side of `LumberjackParser`: turns a connection's bytes into frames.
struct LumberjackFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = LumberjackFrame

    let parser: LumberjackParser

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let parser = self.parser
        let step = try buffer.withUnsafeReadableBytes { bytes throws(LumberjackError) in try parser.next(bytes) }
        switch step {
        case .needMoreData:
            return .needMoreData
        case .frames(let frames, let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
            for frame in frames { context.fireChannelRead(Self.wrapInboundOut(frame)) }
            return .continue
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A connection that closes mid-frame hands nothing on: its window is resent by the client.
        try decode(context: context, buffer: &buffer)
    }
}
