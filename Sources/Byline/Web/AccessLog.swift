import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// One line per request, for operators: what was asked, how it was answered, how long it
/// took, and the request's ID, which every other line logged for the request carries too
/// (`hb.request.id`) and which the response returns as `X-Request-ID`.
public struct AccessLog: Sendable {
    /// nil when the operator turned the access log off; request IDs are given all the same.
    let logger: Logger?
    /// Proxies whose `X-Request-ID` is taken as the request's, so that their log and ours
    /// line up; anyone else's is replaced, since a client could otherwise forge log lines'
    /// correlation.
    let trustedProxies: [IPRange]
    /// Whether requests are counted: only when a metrics registry is being served, so that a
    /// site without a scraper makes no metric objects on its hottest path (cache hits).
    let countsRequests: Bool

    public static let requestIDHeader = HTTPField.Name("X-Request-ID")!
    static let metadataKey = "hb.request.id"

    public init(logger: Logger?, trustedProxies: [IPRange], countsRequests: Bool = false) {
        self.logger = logger
        self.trustedProxies = trustedProxies
        self.countsRequests = countsRequests
    }

    /// The proxy's ID when a trusted proxy sent a sane one, otherwise a new one.
    func requestID(for request: HTTPRequest, peer: SocketAddress?) -> String {
        if let given = request.headerFields[Self.requestIDHeader], Self.isSane(given), let peer = peer?.ipAddress.flatMap(IPAddress.init),
            trustedProxies.contains(where: { $0.contains(peer) })
        {
            return given
        }
        return RequestID().description
    }

    /// Up to 128 of the characters IDs are made of, so a log line cannot be split or dressed up.
    static func isSane(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F
            }
    }

    struct Entry {
        var request: HTTPRequest
        var status: Int
        var bytes: Int?
        var started: ContinuousClock.Instant
        var peer: SocketAddress?
        var requestID: String
        /// `hit` or `miss` when the page cache answered or filled.
        var cache: String?
        /// The route pattern that answered, for metrics.
        var route: String?
    }

    /// Logs the request (unless the log is off) and counts it in the metrics.
    func record(_ entry: Entry) {
        let elapsed = ContinuousClock.now - entry.started
        if countsRequests {
            SiteMetrics.request(route: entry.route ?? "(no route)", method: entry.request.method.rawValue, status: entry.status, duration: elapsed)
        }
        guard let logger else { return }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let client = entry.request.clientIP(peer: entry.peer, trustedProxies: trustedProxies)
        var metadata: Logger.Metadata = [
            Self.metadataKey: .string(entry.requestID),
            "method": .string(entry.request.method.rawValue),
            "path": .string(entry.request.path ?? ""),
            "status": .stringConvertible(entry.status),
            "ms": .string(String(format: "%.2f", milliseconds)),
        ]
        if let bytes = entry.bytes { metadata["bytes"] = .stringConvertible(bytes) }
        if let client { metadata["client"] = .string(client.description) }
        if let agent = entry.request.headerFields[.userAgent] { metadata["user_agent"] = .string(agent) }
        if let referer = entry.request.headerFields[.referer] { metadata["referer"] = .string(referer) }
        if let cache = entry.cache { metadata["cache"] = .string(cache) }
        logger.info("\(entry.request.method.rawValue) \(entry.request.path ?? "") \(entry.status)", metadata: metadata)
    }
}

/// Gives every request its ID before anything else sees it, and logs it once answered: the
/// outermost responder, so cache hits answered in front of the router are logged too.
struct AccessLogResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == BylineRequestContext {
    typealias Context = BylineRequestContext
    let base: Base
    let log: AccessLog

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let id = log.requestID(for: request.head, peer: context.remoteAddress)
        context.logger[metadataKey: AccessLog.metadataKey] = .string(id)
        let entry = AccessLog.Entry(request: request.head, status: 0, started: started, peer: context.remoteAddress, requestID: id)
        do {
            var response = try await base.respond(to: request, context: context)
            response.headers[AccessLog.requestIDHeader] = id
            var answered = entry
            answered.status = Int(response.status.code)
            answered.bytes = response.body.contentLength
            answered.cache = response.headers[CachedPage.cacheStatus]
            answered.route = context.endpointPath ?? (answered.cache == "hit" ? SiteMetrics.pageCacheRoute : nil)
            log.record(answered)
            return response
        } catch {
            // Hummingbird answers what escapes: an HTTP error with its status, anything else 500.
            var failed = entry
            failed.status = Int((error as? any HTTPResponseError)?.status.code ?? 500)
            failed.route = context.endpointPath
            log.record(failed)
            throw error
        }
    }
}
