import Foundation

/// Loopback ports for tests that need a real listener or a free port.
enum Ports {
    /// A socket bound (and listening, when asked) on 127.0.0.1 at a port the kernel chose.
    /// The caller closes it.
    static func bound(listening: Bool) -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                precondition(bind(fd, raw, length) == 0, "cannot bind a loopback port")
                if listening { precondition(listen(fd, 1) == 0, "cannot listen on a loopback port") }
                precondition(getsockname(fd, raw, &length) == 0)
            }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A port nobody listens on right now.
    static func free() -> Int {
        let (fd, port) = bound(listening: false)
        close(fd)
        return port
    }
}
