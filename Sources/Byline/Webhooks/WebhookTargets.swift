import Foundation
import NIOPosix

/// Which addresses a webhook may be delivered to. A webhook URL is chosen by an administrator,
/// but a stolen admin session, or a name that later resolves elsewhere (DNS rebinding), must
/// not turn deliveries into requests against the machine Byline runs on or its network: the
/// database, a cloud's metadata service, an intranet. So every address a name resolves to is
/// checked, when the webhook is added and again before each delivery, and the delivery
/// connects to an address that passed, not to the name.
public struct WebhookTargets: Sendable {
    /// Private ranges deliveries may go to anyway: none by default; an intranet's, or all
    /// (`0.0.0.0/0` and `::/0`), when the operator says so.
    public var allowedPrivate: [IPRange]
    /// Names to addresses; getaddrinfo unless a test gives another.
    public var resolve: @Sendable (_ host: String, _ port: Int) async throws -> [IPAddress]

    public init(allowedPrivate: [IPRange] = [], resolve: @escaping @Sendable (String, Int) async throws -> [IPAddress] = WebhookTargets.systemResolver) {
        self.allowedPrivate = allowedPrivate
        self.resolve = resolve
    }

    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// The name has no address now, rather than a refused one.
        public var isUnresolved = false
    }

    /// Ranges that are not the public internet, each with the words an error uses.
    static let refused: [(range: IPRange, kind: String)] = [
        ("0.0.0.0/8", "a \"this network\" address"), ("10.0.0.0/8", "a private address"), ("100.64.0.0/10", "a shared (carrier NAT) address"),
        ("127.0.0.0/8", "a loopback address"), ("169.254.169.254/32", "a cloud metadata address"), ("169.254.0.0/16", "a link-local address"),
        ("172.16.0.0/12", "a private address"), ("192.0.0.0/24", "a reserved address"), ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"), ("224.0.0.0/4", "a multicast address"), ("240.0.0.0/4", "a reserved address"),
        ("::/128", "the unspecified address"), ("::1/128", "a loopback address"), ("fd00:ec2::254/128", "a cloud metadata address"),
        ("fc00::/7", "a unique-local address"), ("fe80::/10", "a link-local address"), ("ff00::/8", "a multicast address"),
        ("100::/64", "a discard address"),
    ].map { (IPRange($0.0)!, $0.1) }

    /// NAT64 and 6to4 addresses carry an IPv4 address inside, which is checked as itself.
    static let nat64 = IPRange("64:ff9b::/96")!
    static let sixToFour = IPRange("2002::/16")!

    /// Why this address may not be a target, or nil when it may.
    public func refusal(of address: IPAddress) -> String? {
        if allowedPrivate.contains(where: { $0.contains(address) }) { return nil }
        if Self.nat64.contains(address), let inner = IPAddress(bytes: Array(address.bytes[12...])) { return refusal(of: inner) }
        if Self.sixToFour.contains(address), let inner = IPAddress(bytes: Array(address.bytes[2..<6])) { return refusal(of: inner) }
        return Self.refused.first { $0.range.contains(address) }?.kind
    }

    /// The addresses a delivery to `url` may connect to: all of the host's, or a refusal
    /// naming the first that is not allowed. One bad address refuses the lot, since a
    /// rebinding name can answer with a mix.
    public func addresses(for url: URL) async throws -> [IPAddress] {
        guard let host = url.host, !host.isEmpty else { throw Refusal(description: "\(url.absoluteString) has no host") }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let addresses: [IPAddress]
        if let literal = IPAddress(host) {
            addresses = [literal]
        } else {
            addresses = try await resolve(host, port)
            guard !addresses.isEmpty else { throw Refusal(description: "\(host) has no address", isUnresolved: true) }
        }
        for address in addresses {
            if let kind = refusal(of: address) {
                let what = IPAddress(host) == nil ? "\(host) resolves to \(address), \(kind)" : "\(address) is \(kind)"
                throw Refusal(description: "\(what); webhooks go only to public addresses unless --webhook-private-targets allows it")
            }
        }
        return addresses
    }

    /// getaddrinfo, off the cooperative threads since it blocks.
    public static let systemResolver: @Sendable (String, Int) async throws -> [IPAddress] = { host, port in
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let first = list else {
                throw Refusal(description: "\(host) could not be resolved: \(String(cString: gai_strerror(status)))", isUnresolved: true)
            }
            defer { freeaddrinfo(first) }
            var found: [IPAddress] = []
            for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
                guard let socket = entry.pointee.ai_addr else { continue }
                let address: IPAddress? = switch Int32(socket.pointee.sa_family) {
                case AF_INET:
                    socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in withUnsafeBytes(of: v4.pointee.sin_addr) { IPAddress(bytes: Array($0)) } }
                case AF_INET6:
                    socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in withUnsafeBytes(of: v6.pointee.sin6_addr) { IPAddress(bytes: Array($0)) } }
                default: nil
                }
                if let address, !found.contains(address) { found.append(address) }
            }
            return found
        }
    }
}

extension WebhookTargets {
    /// Every private range: for tests and for an intranet that trusts all of its own network.
    public static let allPrivate = [IPRange("0.0.0.0/0")!, IPRange("::/0")!]
}
