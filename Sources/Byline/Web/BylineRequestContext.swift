import Hummingbird
import Foundation
import HTTPTypes
import NIOCore

/// Byline's request context: Hummingbird's, plus the address of the connection's peer, which
/// client-IP rules (rate limits, bans) start from.
public struct BylineRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in newsroom member, set by the admin's session middleware.
    public var staff: StaffSession?
    /// The submitted form, read once by the admin middleware to check its CSRF token.
    var form: FormFields?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A request context that can carry a signed-in newsroom member.
protocol StaffRequestContext: RemoteAddressRequestContext {
    var staff: StaffSession? { get set }
    var form: FormFields? { get set }
}

extension BylineRequestContext: StaffRequestContext {}

extension Request {
    /// The client's IP: the peer's address, unless the peer is a trusted proxy, in which case
    /// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. A header from
    /// anyone else is ignored, because anyone can send one.
    func clientIP(peer: SocketAddress?, trustedProxies: [IPRange]) -> IPAddress? {
        head.clientIP(peer: peer, trustedProxies: trustedProxies)
    }
}

extension HTTPRequest {
    /// As `Request.clientIP`, for code that sees the request before Hummingbird does.
    func clientIP(peer: SocketAddress?, trustedProxies: [IPRange]) -> IPAddress? {
        guard let peerText = peer?.ipAddress, let peerAddress = IPAddress(peerText) else { return nil }
        guard trustedProxies.contains(where: { $0.contains(peerAddress) }) else { return peerAddress }
        let forwarded = headerFields[values: .init("X-Forwarded-For")!].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in forwarded.reversed() {
            guard let address = IPAddress(entry) else { return peerAddress }
            if !trustedProxies.contains(where: { $0.contains(address) }) { return address }
        }
        return peerAddress
    }
}

extension Request {
    /// Whether a browser says this request came from a page of this site: `Origin` on every
    /// POST, `Sec-Fetch-Site` in current browsers. Either naming another site is enough to refuse.
    func isSameOrigin(baseURL: String) -> Bool {
        if let site = headers[HTTPField.Name("Sec-Fetch-Site")!], !["same-origin", "none"].contains(site.lowercased()) { return false }
        if let origin = headers[.origin], origin != "null" {
            guard let expected = URLComponents(string: baseURL), let given = URLComponents(string: origin) else { return false }
            let matchesBase = given.scheme == expected.scheme && given.host == expected.host && given.port == expected.port
            let matchesHost = head.authority.map { origin.hasSuffix("://" + $0) } ?? false
            return matchesBase || matchesHost
        }
        return true
    }
}
