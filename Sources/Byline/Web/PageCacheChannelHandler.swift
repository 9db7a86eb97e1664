import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Answers page-cache hits in the channel pipeline, on the event loop that read the request:
/// no async task, router or middleware runs for them, which is most of what a hit cost when it
/// was answered by `PageCacheResponder` (the Swift HTTP stack's per-request work, not Byline's).
///
/// It sits after HTTP decoding and before Hummingbird's request handling. A request it does
/// not answer passes through untouched, and `PageCacheResponder` and `PageCacheMiddleware`
/// behind it still serve, render and fill the cache exactly as before, so every rule of the
/// cache holds whichever of them answers:
/// - only GET and HEAD, and only when the reader has nothing of their own on the page (the
///   held-comment cookie); the newsroom, the API and search are never in the cache;
/// - the same `Answer`: 304 by ETag or date, gzip when accepted, `Surrogate-Key`,
///   `X-Byline-Cache: hit`.
///
/// It does not answer while a request it passed on is still unanswered, so that pipelined
/// responses keep their order; nor a request that asks to close the connection, nor while the
/// channel cannot take more bytes (a reader that sends but does not read waits for the slower
/// path's back-pressure instead of growing this node's buffers).
final class PageCacheChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Reading {
        case idle
        /// The request is being answered here; its body parts (a GET has none) are dropped.
        case answering(HTTPResponse, ByteBuffer?, AccessLog.Entry)
        case passing
    }

    private let cache: PageCache
    private let serverName: String?
    private let log: AccessLog
    private var reading = Reading.idle
    /// Requests passed on whose responses have not ended yet.
    private var unanswered = 0
    private var wroteSinceFlush = false
    private var date: (second: Int, text: String) = (0, "")

    init(cache: PageCache, serverName: String?, log: AccessLog) {
        self.cache = cache
        self.serverName = serverName
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), reading) {
        case (.head(let request), _):
            if let answer = answer(request, context: context) {
                reading = .answering(answer.0, answer.1, answer.2)
                return
            }
            reading = .passing
            unanswered += 1
        case (.body, .answering):
            return
        case (.end, .answering(let head, let body, let entry)):
            reading = .idle
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            wroteSinceFlush = true
            log.record(entry)
            return
        case (.end, _):
            reading = .idle
        case (.body, _):
            break
        }
        context.fireChannelRead(data)
    }

    /// Pipelined hits read in one go leave in one flush.
    func channelReadComplete(context: ChannelHandlerContext) {
        if wroteSinceFlush {
            wroteSinceFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    /// The cached response for `request`, when this handler may send it.
    private func answer(_ request: HTTPRequest, context: ChannelHandlerContext) -> (HTTPResponse, ByteBuffer?, AccessLog.Entry)? {
        let started = ContinuousClock.now
        guard unanswered == 0, context.channel.isWritable, request.method == .get || request.method == .head,
            request.headerFields[.connection] == nil, PageCache.isShareable(request.headerFields),
            let path = request.path, let page = cache.cached(path)
        else { return nil }
        let peer = context.channel.remoteAddress
        let id = log.requestID(for: request, peer: peer)
        // HEAD is answered as GET would be (`isNotModified` takes either), then sent without bytes.
        let answer = page.answer(to: request, hit: true)
        var headers = answer.headers
        headers[.date] = today()
        if let serverName { headers[.server] = serverName }
        // HEAD gets the length the GET would have had, and no bytes (RFC 9110 §9.3.2).
        if let body = answer.body { headers[.contentLength] = String(body.readableBytes) }
        headers[AccessLog.requestIDHeader] = id
        let entry = AccessLog.Entry(
            request: request, status: Int(answer.status.code), bytes: answer.body?.readableBytes, started: started, peer: peer, requestID: id, cache: "hit",
            route: SiteMetrics.pageCacheRoute
        )
        return (HTTPResponse(status: answer.status, headerFields: headers), request.method == .head ? nil : answer.body, entry)
    }

    private func today() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        if second != date.second { date = (second, HTTPDate.string(from: now)) }
        return date.text
    }
}
