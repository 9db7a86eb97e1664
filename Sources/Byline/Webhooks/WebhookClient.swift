import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends webhook deliveries over connections it makes itself, to addresses `WebhookTargets`
/// has checked. URLSession resolves names and follows redirects on its own, so it could be
/// sent to a refused address after the check; here the connection goes to the checked
/// address, with the name kept for `Host` and for TLS.
public struct WebhookClient: Sendable {
    public let targets: WebhookTargets
    var timeout: Duration = .seconds(10)
    var connectTimeout: TimeAmount = .seconds(5)
    /// Only 307 and 308 keep the POST and its body; each hop is checked like the first.
    static let maxRedirects = 3

    public init(targets: WebhookTargets) { self.targets = targets }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// POSTs `request` and answers the final status.
    public func send(_ request: URLRequest) async throws -> Int {
        guard var url = request.url else { throw Failure(description: "not a URL") }
        for _ in 0...Self.maxRedirects {
            let answer = try await post(request, to: url)
            guard [307, 308].contains(answer.status) else { return answer.status }
            guard let location = answer.location, let next = URL(string: location, relativeTo: url)?.absoluteURL,
                ["http", "https"].contains(next.scheme?.lowercased() ?? "")
            else { throw Failure(description: "HTTP \(answer.status) without an http(s) Location") }
            url = next
        }
        throw Failure(description: "more than \(Self.maxRedirects) redirects")
    }

    private func post(_ request: URLRequest, to url: URL) async throws -> (status: Int, location: String?) {
        let addresses = try await targets.addresses(for: url)
        var lastError: any Error = Failure(description: "no address to try")
        // Like a browser, the next address when one cannot be reached.
        for address in addresses {
            do {
                return try await withTimeout(timeout) { try await exchange(request, url: url, address: address) }
            } catch let error as IOError {
                let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
                lastError = Failure(description: "\(address) port \(port): \(error.description)")
            } catch ChannelError.connectTimeout(let waited) {
                lastError = Failure(description: "\(address) did not accept a connection within \(waited.nanoseconds / 1_000_000) ms")
            }
        }
        throw lastError
    }

    private func exchange(_ request: URLRequest, url: URL, address: IPAddress) async throws -> (status: Int, location: String?) {
        let isTLS = url.scheme?.lowercased() == "https"
        let port = url.port ?? (isTLS ? 443 : 80)
        let host = url.host ?? address.description
        let target = try SocketAddress(ipAddress: address.description, port: port)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .connect(to: target) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if isTLS {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        // The certificate is checked against the name, not the address.
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: IPAddress(host) == nil ? host : nil)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let body = request.httpBody ?? Data()
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        let defaultPort = url.port == nil || url.port == (isTLS ? 443 : 80)
        let hostName = IPAddress(host).map { $0.isIPv4 ? $0.description : "[\($0)]" } ?? host
        head.headers.add(name: "Host", value: defaultPort ? hostName : "\(hostName):\(port)")
        for (name, value) in request.allHTTPHeaderFields ?? [:] { head.headers.add(name: name, value: value) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            for try await part in inbound {
                // An interim answer (100 Continue) is not the answer.
                guard case .head(let response) = part, response.status.code >= 200 else { continue }
                return (Int(response.status.code), response.headers.first(name: "Location"))
            }
            throw Failure(description: "the connection closed before an answer")
        }
    }
}
