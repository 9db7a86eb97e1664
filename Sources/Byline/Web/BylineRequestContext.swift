import Hummingbird
import NIOCore

/// Byline's request context: Hummingbird's, plus the address of the connection's peer, which
/// client-IP rules (rate limits, bans) start from.
public struct BylineRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension Request {
    /// The client's IP: the peer's address, unless the peer is a trusted proxy, in which case
    /// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. A header from
    /// anyone else is ignored, because anyone can send one.
    func clientIP(peer: SocketAddress?, trustedProxies: [IPRange]) -> IPAddress? {
        guard let peerText = peer?.ipAddress, let peerAddress = IPAddress(peerText) else { return nil }
        guard trustedProxies.contains(where: { $0.contains(peerAddress) }) else { return peerAddress }
        let forwarded = headers[values: .init("X-Forwarded-For")!].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in forwarded.reversed() {
            guard let address = IPAddress(entry) else { return peerAddress }
            if !trustedProxies.contains(where: { $0.contains(address) }) { return address }
        }
        return peerAddress
    }
}
