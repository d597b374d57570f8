import SluiceCore

/// The hosts of one output and what is known of them: alive or dead, and requests in flight.
///
/// A request goes to a living host with the fewest requests in flight (random among ties). A
/// connection failure marks a host dead; the output's health check brings it back. HTTP error
/// codes say nothing about a host's liveness and never mark it dead.
final class HostPool: Sendable {
    let hosts: [ElasticsearchHost]
    private let state: Locked<[HostState]>

    struct HostState {
        var alive = true
        var inFlight = 0
    }

    init(_ hosts: [ElasticsearchHost]) {
        self.hosts = hosts
        state = Locked(Array(repeating: HostState(), count: hosts.count))
    }

    /// Takes a living host for one request (`nil` when every host is dead); give it back with `release`.
    func checkout() -> Int? {
        state.withLock { states in
            var best: [Int] = []
            var fewest = Int.max
            for (i, host) in states.enumerated() where host.alive {
                if host.inFlight < fewest {
                    fewest = host.inFlight
                    best = [i]
                } else if host.inFlight == fewest {
                    best.append(i)
                }
            }
            guard let chosen = best.randomElement() else { return nil }
            states[chosen].inFlight += 1
            return chosen
        }
    }

    /// Ends a request on host `index`; `connectionFailed` marks the host dead.
    func release(_ index: Int, connectionFailed: Bool) {
        state.withLock { states in
            states[index].inFlight -= 1
            if connectionFailed { states[index].alive = false }
        }
    }

    func markAlive(_ index: Int) {
        state.withLock { $0[index].alive = true }
    }

    func markDead(_ index: Int) {
        state.withLock { $0[index].alive = false }
    }

    var deadHosts: [Int] {
        state.withLock { states in states.indices.filter { !states[$0].alive } }
    }

    var livingCount: Int {
        state.withLock { states in states.count { $0.alive } }
    }
}
