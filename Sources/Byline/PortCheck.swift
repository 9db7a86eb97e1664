#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Configuration {
    /// Fails with a configuration error when another program already listens on the port,
    /// so the operator reads which setting to change instead of a socket error.
    public func checkPortIsFree() throws(Configuration.Error) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
            throw Configuration.Error(.host, "\"\(host)\" does not resolve to an address on this machine")
        }
        defer { freeaddrinfo(results) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // The server itself sets SO_REUSEADDR, so a port held only by TIME_WAIT sockets is free.
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            let reason = errno == EADDRINUSE ? "is already in use by another program" : "cannot be used (\(String(cString: strerror(errno))))"
            throw Configuration.Error(.port, "port \(port) on \(host) \(reason); choose another port")
        }
    }
}
