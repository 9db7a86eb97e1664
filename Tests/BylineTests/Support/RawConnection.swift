import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a loopback port, written and read byte by byte the way a misbehaving
/// client would, which URLSession cannot be made to do.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket(): errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw Failure("connect(): errno \(errno)")
        }
    }

    deinit { Glibc.close(socket) }

    /// Sends `text`; false once the server has closed its end.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Whether the server has closed the connection, waiting up to `timeout` for it to; what
    /// it sent before closing is in `received`.
    func isClosed(within timeout: Duration = .zero) -> Bool {
        let deadline = ContinuousClock.now + timeout
        repeat {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let remaining = max(0, Int32((deadline - ContinuousClock.now) / .milliseconds(1)))
            guard poll(&poller, 1, min(remaining, 100)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
            if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
        } while ContinuousClock.now < deadline
        return false
    }

    /// Reads until `marker` has arrived `times` times in all, or `timeout` passes.
    func read(until marker: String, times: Int = 1, within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        let arrived = { self.received.components(separatedBy: marker).count - 1 >= times }
        while !arrived(), ContinuousClock.now < deadline {
            if isClosed(within: .milliseconds(100)) { break }
        }
        return arrived()
    }

    /// Runs blocking socket work on a thread of its own: on the cooperative pool it would hold
    /// up other tests, and its own pauses would stretch with theirs.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private(set) var received = ""

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
