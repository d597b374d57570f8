import Foundation

/// Datagrams the kernel dropped for a UDP port because its socket's receive buffer was full: the
/// `drops` column of `/proc/net/udp` and `/proc/net/udp6`, summed over the sockets bound to the
/// port. The udp input reads it every few seconds, so loss is counted in /metrics, never silent.
enum UDPReceiveDrops {
    static func read(port: Int) -> Int? {
        var total: Int?
        for path in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            if let drops = parse(text, port: port) { total = (total ?? 0) + drops }
        }
        return total
    }

    /// The drops of the sockets bound to `port` in one `/proc/net/udp*` table (`nil`: none).
    static func parse(_ table: String, port: Int) -> Int? {
        let wanted = String(format: "%04X", port)
        var total: Int?
        for line in table.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            guard columns.count >= 13, let colon = columns[1].lastIndex(of: ":"), columns[1][columns[1].index(after: colon)...] == wanted,
                let drops = Int(columns[12])
            else { continue }
            total = (total ?? 0) + drops
        }
        return total
    }
}
