@testable import Byline
import CompressNIO
import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

/// The handler on its own, in an `EmbeddedChannel`: what it answers itself, and what it hands on
/// to Hummingbird (`readInbound`), which the full-server tests in `PageCacheTests` cannot tell apart.
@Suite("Cache hits answered in the channel pipeline")
struct PageCacheChannelHandlerTests {
    static let body = String(repeating: "<p>The talks resume on Monday.</p>", count: 40)

    /// A channel whose cache holds `/world` and nothing else.
    private static func channel() throws -> EmbeddedChannel {
        let cache = PageCache(maxBytes: 1 << 20)
        guard case .lead(let flight, let generation) = cache.lookup("/world") else { throw Unexpected.notAMiss }
        let page = CachedPage(
            body: ByteBuffer(string: body), contentType: "text/html; charset=utf-8", cacheControl: HTTPCaching.pageCacheControl,
            lastModified: Date(timeIntervalSince1970: 1_700_000_000), keys: ["section-1", "listings"], storedAt: Date()
        )
        cache.finish("/world", flight: flight, page: page, startedAt: generation)
        return EmbeddedChannel(handler: PageCacheChannelHandler(cache: cache, serverName: "Byline", log: AccessLog(logger: nil, trustedProxies: [])))
    }

    private enum Unexpected: Error { case notAMiss }

    private static func send(_ channel: EmbeddedChannel, _ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: method, scheme: nil, authority: "news.example", path: path, headerFields: headers)))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// Every part the handler wrote, in order.
    private static func written(_ channel: EmbeddedChannel) throws -> [HTTPResponsePart] {
        var parts: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
        return parts
    }

    /// The request parts that reached Hummingbird.
    private static func handedOn(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    private static func head(_ parts: [HTTPResponsePart]) -> HTTPResponse? {
        guard case .head(let head) = parts.first else { return nil }
        return head
    }

    private static func isEnd(_ part: HTTPResponsePart?) -> Bool {
        if case .end = part { return true }
        return false
    }

    private static func bodyBytes(_ parts: [HTTPResponsePart]) -> ByteBuffer {
        var all = ByteBuffer()
        for case .body(var buffer) in parts { all.writeBuffer(&buffer) }
        return all
    }

    @Test
    func aHitIsAnsweredWithoutReachingTheApplication() throws {
        let channel = try Self.channel()
        try Self.send(channel, "/world")
        #expect(try Self.handedOn(channel).isEmpty)
        let parts = try Self.written(channel)
        let head = try #require(Self.head(parts))
        #expect(head.status == .ok)
        #expect(head.headerFields[CachedPage.cacheStatus] == "hit")
        #expect(head.headerFields[CachedPage.surrogateKey] == "section-1 listings")
        #expect(head.headerFields[.contentType] == "text/html; charset=utf-8")
        #expect(head.headerFields[.contentLength] == String(Self.body.utf8.count))
        #expect(head.headerFields[.server] == "Byline")
        #expect(head.headerFields[.date].flatMap(HTTPDate.parse) != nil)
        #expect(String(buffer: Self.bodyBytes(parts)) == Self.body)
        #expect(Self.isEnd(parts.last), "the response is ended")
    }

    @Test
    func headGetsTheLengthOfTheGetAndNoBytes() throws {
        let channel = try Self.channel()
        try Self.send(channel, "/world", method: .head)
        #expect(try Self.handedOn(channel).isEmpty)
        let parts = try Self.written(channel)
        #expect(Self.head(parts)?.headerFields[.contentLength] == String(Self.body.utf8.count))
        #expect(Self.bodyBytes(parts).readableBytes == 0)
        #expect(parts.count == 2)
    }

    @Test
    func aCurrentCopyGetsA304AndAReaderWhoAcceptsGzipGetsGzip() throws {
        let channel = try Self.channel()
        try Self.send(channel, "/world")
        let etag = try #require(Self.head(try Self.written(channel))?.headerFields[.eTag])

        try Self.send(channel, "/world", headers: [.ifNoneMatch: etag])
        let notModified = try Self.written(channel)
        #expect(Self.head(notModified)?.status == .notModified)
        #expect(Self.bodyBytes(notModified).readableBytes == 0)

        try Self.send(channel, "/world", headers: [.acceptEncoding: "gzip"])
        let zipped = try Self.written(channel)
        let head = try #require(Self.head(zipped))
        #expect(head.headerFields[.contentEncoding] == "gzip")
        #expect(head.headerFields[.eTag] != etag)
        var compressed = Self.bodyBytes(zipped)
        #expect(head.headerFields[.contentLength] == String(compressed.readableBytes))
        #expect(String(buffer: try compressed.decompress(with: .gzip())) == Self.body)
        #expect(try Self.handedOn(channel).isEmpty)
    }

    @Test
    func whatTheCacheCannotAnswerGoesOnUntouched() throws {
        let cases: [(HTTPRequest.Method, String, HTTPFields, String)] = [
            (.get, "/business", [:], "a miss"),
            (.post, "/world", [:], "a POST"),
            (.get, "/world", [.cookie: "theme=dark; \(ArticlePage.heldCookie)=signed"], "a reader with a held comment"),
            (.get, "/world", [.connection: "close"], "a request that closes the connection"),
        ]
        for (method, path, headers, what) in cases {
            let channel = try Self.channel()
            try Self.send(channel, path, method: method, headers: headers)
            let parts = try Self.handedOn(channel)
            #expect(parts.count == 2, "\(what)")
            guard case .head(let request) = parts.first else { Issue.record("\(what): no head handed on"); continue }
            #expect(request.path == path && request.method == method, "\(what)")
            #expect(try Self.written(channel).isEmpty, "\(what)")
        }
        // A reader that sends but does not read: the router's path applies back-pressure.
        let unwritable = try Self.channel()
        unwritable.isWritable = false
        try Self.send(unwritable, "/world")
        #expect(try Self.handedOn(unwritable).count == 2, "a channel that cannot take more bytes")
        #expect(try Self.written(unwritable).isEmpty)

        let withOtherCookies = try Self.channel()
        try Self.send(withOtherCookies, "/world", headers: [.cookie: "theme=dark"])
        #expect(try Self.handedOn(withOtherCookies).isEmpty, "a cookie of another name does not make the page personal")
    }

    @Test
    func aPipelinedHitWaitsBehindARequestStillBeingAnswered() throws {
        let channel = try Self.channel()
        try Self.send(channel, "/business")
        try Self.send(channel, "/world")
        // Both reached the application: answering /world here would overtake /business.
        #expect(try Self.handedOn(channel).count == 4)
        #expect(try Self.written(channel).isEmpty)

        // The application answers both; from then on, hits are answered here again.
        for _ in 0..<2 {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }
        _ = try Self.written(channel)
        try Self.send(channel, "/world")
        #expect(try Self.handedOn(channel).isEmpty)
        #expect(Self.head(try Self.written(channel))?.headerFields[CachedPage.cacheStatus] == "hit")
    }
}
