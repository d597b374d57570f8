/// Events an input has read but not made yet: the worker that takes the batch makes them, so that
/// their memory is allocated and freed on that worker's thread, and the making runs on all the
/// workers instead of on the input's one task.
public struct PendingEvents: Sendable {
    /// How many events `make` returns (what the queue counts while the batch waits).
    public let count: Int
    private let make: @Sendable () -> [Event]

    public init(count: Int, make: @escaping @Sendable () -> [Event]) {
        self.count = count
        self.make = make
    }

    /// Makes the events.
    public func events() -> [Event] { make() }

    /// Events already made, to be finished by the worker (`body`, such as the syslog input's
    /// parsing of each message). They are moved out of a box when the worker runs `body`, not
    /// copied, so each event's storage stays uniquely referenced and `body` changes it in place.
    public init(finishing events: [Event], by body: @escaping @Sendable (inout [Event]) -> Void) {
        let box = Locked(events)
        self.init(count: events.count) {
            var taken = box.withLock { events -> [Event] in
                var taken: [Event] = []
                swap(&taken, &events)
                return taken
            }
            body(&taken)
            return taken
        }
    }
}
