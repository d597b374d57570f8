public import SluiceCore

/// What turns a connection's bytes into events, chunk by chunk: the tcp input's line and JSON-lines
/// codecs (`LineDecoder`), the syslog input's RFC 6587 framing (`SyslogFrameDecoder`).
public protocol StreamEventDecoder {
    /// Appends the events of the messages this chunk completes; keeps an unfinished one.
    mutating func decode(_ chunk: UnsafeRawBufferPointer, now: Timestamp, into events: inout [Event])
    /// Appends what is left at the end of the stream.
    mutating func finish(now: Timestamp, into events: inout [Event])
}

extension LineDecoder: StreamEventDecoder {}
