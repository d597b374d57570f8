import SluiceCore
import SluiceLumberjack

/// A connection's open window: the data frames since its `W` frame, made into events, until as
/// many arrived as it announced. Kept apart from the connection's I/O (which awaits the gate, the
/// slots and the queue) so that frames can be taken synchronously, straight from inflated bytes.
struct WindowAssembler {
    let ecs: Bool
    let peer: String?
    /// Made at the first data frame, so idle connections cost almost nothing (its reader keeps a
    /// string cache of about 200 KB).
    private var mapper: BeatsEventMapper?
    /// The events the open window announced (0: no window open).
    private(set) var expected: UInt32 = 0
    private(set) var version = UInt8(ascii: "2")
    private(set) var events: [Event] = []
    /// The sequence number of the window's last data frame (what its ACK carries).
    private(set) var lastSequence: UInt32 = 0

    init(ecs: Bool, peer: String?) {
        self.ecs = ecs
        self.peer = peer
    }

    /// Whether every announced event has arrived.
    var isComplete: Bool { expected > 0 && events.count == Int(expected) }

    /// A `W` frame: a new window of `count` events.
    mutating func open(version: UInt8, count: UInt32) throws(LumberjackError) {
        guard events.isEmpty else { throw LumberjackError(description: "new window before the last one ended") }
        self.version = version
        expected = count
    }

    /// One data frame of the open window.
    mutating func take(_ frame: InflatedFrame, now: Timestamp) throws(LumberjackError) {
        switch frame {
        case .window:
            throw LumberjackError(description: "window frame inside a compressed frame")  // `visitFrames` never gives one
        case .json(let sequence, let payload):
            guard expected > 0 else { throw LumberjackError(description: "data frame outside a window") }
            if mapper == nil { mapper = BeatsEventMapper(ecs: ecs) }
            events.append(mapper!.event(fromJSON: payload, peerIP: peer, now: now))
            lastSequence = sequence
        case .data(let sequence, let pairs):
            guard expected > 0 else { throw LumberjackError(description: "data frame outside a window") }
            if mapper == nil { mapper = BeatsEventMapper(ecs: ecs) }
            events.append(mapper!.event(fromPairs: pairs, peerIP: peer, now: now))
            lastSequence = sequence
        }
        if events.count > Int(expected) { throw LumberjackError(description: "more events than the window announced") }
    }

    /// The data frames of a `C` frame, inflated by `inflater` and mapped from the inflated bytes.
    mutating func take(compressed payload: [UInt8], inflater: LumberjackParser, now: Timestamp) throws(LumberjackError) {
        let result: Result<Void, LumberjackError> = payload.withUnsafeBytes { bytes in
            Result { () throws(LumberjackError) in
                try inflater.visitFrames(inflating: bytes, depth: 1) { frame throws(LumberjackError) in try take(frame, now: now) }
            }
        }
        try result.get()
    }

    /// An uncompressed `J` frame.
    mutating func take(json payload: [UInt8], sequence: UInt32, now: Timestamp) throws(LumberjackError) {
        let result: Result<Void, LumberjackError> = payload.withUnsafeBytes { bytes in
            Result { () throws(LumberjackError) in try take(.json(sequence: sequence, payload: bytes), now: now) }
        }
        try result.get()
    }

    /// The complete window's events, handed on; the assembler is ready for the next `W` frame.
    mutating func takeEvents() -> [Event] {
        let taken = events
        events.removeAll(keepingCapacity: true)
        expected = 0
        return taken
    }
}
