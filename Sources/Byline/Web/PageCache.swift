import CompressNIO
import Foundation
import Metrics
import HTTPTypes
import Hummingbird
import Synchronization

/// One rendered public response, kept ready to send in both encodings.
struct CachedPage: Sendable {
    let body: ByteBuffer
    /// nil when compressing would not make the body smaller.
    let gzipped: ByteBuffer?
    let etag: String
    let contentType: String
    let cacheControl: String
    let lastModified: Date
    /// The `Surrogate-Key`s: what the page shows, and so what invalidates it.
    let keys: [String]
    let storedAt: Date
    /// Header values computed once, not on every hit.
    private let gzipETag: String
    private let lastModifiedText: String
    private let keysText: String

    /// What the entry costs in memory, roughly: the bodies and a fixed allowance for the rest.
    var size: Int { body.readableBytes + (gzipped?.readableBytes ?? 0) + 512 }

    static let surrogateKey = HTTPField.Name("Surrogate-Key")!
    /// `hit` or `miss`, like nginx's `X-Cache-Status`: for operators and benchmarks.
    static let cacheStatus = HTTPField.Name("X-Byline-Cache")!

    init(body: ByteBuffer, contentType: String, cacheControl: String, lastModified: Date, keys: [String], storedAt: Date) {
        self.body = body
        var source = body
        let compressed = try? source.compress(with: .gzip())
        gzipped = compressed.flatMap { $0.readableBytes < body.readableBytes ? $0 : nil }
        etag = HTTPCaching.entityTag(for: body.readableBytesView)
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.lastModified = lastModified
        self.keys = keys
        self.storedAt = storedAt
        gzipETag = String(etag.dropLast()) + "-gzip\""
        lastModifiedText = HTTPDate.string(from: lastModified)
        keysText = keys.joined(separator: " ")
    }

    /// What one request is answered: a status, its headers, and the bytes of the body (none
    /// for a 304). Both the channel pipeline and the router send it, so they cannot differ.
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer?
    }

    /// The answer to one request: a 304 when the reader's copy is current, gzip when the
    /// reader accepts it. The two encodings are different representations, so they carry
    /// different ETags, as RFC 9110 §8.8.3 asks.
    func answer(to request: HTTPRequest, hit: Bool) -> Answer {
        let useGzip = gzipped != nil && Self.acceptsGzip(request)
        let etag = useGzip ? gzipETag : etag
        var headers: HTTPFields = [
            .cacheControl: cacheControl, .eTag: etag, .lastModified: lastModifiedText,
            .vary: "Accept-Encoding", Self.surrogateKey: keysText, Self.cacheStatus: hit ? "hit" : "miss",
        ]
        // A hit may be answered before the router, and so before its middleware.
        headers.append(contentsOf: SecurityHeaders.publicFields)
        if HTTPCaching.isNotModified(request: request, etag: etag, lastModified: lastModified) {
            return Answer(status: .notModified, headers: headers, body: nil)
        }
        headers[.contentType] = contentType
        if useGzip, let gzipped {
            headers[.contentEncoding] = "gzip"
            return Answer(status: .ok, headers: headers, body: gzipped)
        }
        return Answer(status: .ok, headers: headers, body: body)
    }

    func response(to request: Request, hit: Bool) -> Response {
        let answer = answer(to: request.head, hit: hit)
        return Response(status: answer.status, headers: answer.headers, body: answer.body.map { .init(byteBuffer: $0) } ?? .init())
    }

    /// `Accept-Encoding` names gzip with a non-zero weight.
    static func acceptsGzip(_ request: HTTPRequest) -> Bool {
        guard let header = request.headerFields[.acceptEncoding] else { return false }
        return header.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard fields.first == "gzip" || fields.first == "x-gzip" else { return false }
            let weight = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0
        }
    }
}

/// The in-memory cache of rendered public pages and feeds on one node.
///
/// - Entries are filed under their `Surrogate-Key`s; a `ContentChange` drops exactly the
///   entries filed under one of its keys (`*` drops all).
/// - The total size is bounded in bytes; the least recently used entries go first.
/// - A page nobody has cached yet is rendered once however many readers ask at the same time:
///   the first becomes the leader and the rest wait for its result (single-flight).
/// - A render that was running while one of its keys was invalidated is handed to its waiters
///   but not kept, since it may show the state from before the change.
/// - Entries expire after `maxAge` even if nothing invalidated them, which bounds what keys
///   cannot express: the related-stories box, a comment form closing on schedule, and the
///   hourly comment-form token.
final class PageCache: ContentChangeObserver {
    enum Lookup {
        case hit(CachedPage)
        case wait(Flight)
        case lead(Flight, generation: UInt64)
    }

    /// One render in progress, and the readers waiting for it.
    final class Flight: Sendable {
        private struct State {
            var finished = false
            var page: CachedPage?
            var waiters: [CheckedContinuation<CachedPage?, Never>] = []
        }

        private let state = Mutex(State())

        /// The leader's page; nil when it could not be shared, and the reader must render it.
        func result() async -> CachedPage? {
            await withCheckedContinuation { continuation in
                let ready: CachedPage?? = state.withLock { state in
                    if state.finished { return .some(state.page) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }

        fileprivate func finish(_ page: CachedPage?) {
            let waiters = state.withLock { state in
                state.finished = true
                state.page = page
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: page) }
        }
    }

    private struct Node {
        var page: CachedPage
        var newer: String?
        var older: String?
    }

    private struct State {
        var nodes: [String: Node] = [:]
        var newest: String?
        var oldest: String?
        var bytes = 0
        var byKey: [String: Set<String>] = [:]
        var flights: [String: Flight] = [:]
        var generation: UInt64 = 0
        /// When each key was last invalidated, for refusing renders that overlapped it and for
        /// `Last-Modified`. `*` stands for everything.
        var invalidated: [String: (generation: UInt64, at: Date)] = [:]
        var hits = 0
        var misses = 0
    }

    let maxBytes: Int
    let maxAge: TimeInterval
    /// `pages`, `search` or `api`, as metrics name it.
    let name: String
    private let state = Mutex(State())
    /// Made once: a hit is the cheapest answer the site gives, and stays so.
    private let hits: Counter
    private let misses: Counter
    private let evictions: Counter
    private let bytes: Gauge

    init(maxBytes: Int, maxAge: TimeInterval = 300, name: String = "pages") {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
        self.name = name
        hits = Counter(label: "byline_page_cache_hits_total", dimensions: [("cache", name)])
        misses = Counter(label: "byline_page_cache_misses_total", dimensions: [("cache", name)])
        evictions = Counter(label: "byline_page_cache_evictions_total", dimensions: [("cache", name)])
        bytes = Gauge(label: "byline_page_cache_bytes", dimensions: [("cache", name)])
    }

    /// Whether a reader's request may be answered with the copy everyone shares: not when it
    /// carries the held-comment cookie, since their own comment awaiting moderation is on it.
    static func isShareable(_ headers: HTTPFields) -> Bool {
        let cookies = headers[values: .cookie]
        return cookies.isEmpty || Cookies(from: cookies)[ArticlePage.heldCookie] == nil
    }

    /// The fresh entry for `path`, if there is one; nothing else happens on a miss.
    func cached(_ path: String, now: Date = Date()) -> CachedPage? {
        state.withLock { state in hit(path, now: now, &state) }
    }

    func lookup(_ path: String, now: Date = Date()) -> Lookup {
        state.withLock { state in
            if let page = hit(path, now: now, &state) { return .hit(page) }
            // An expired entry goes now, so that the render replacing it is kept.
            if state.nodes[path] != nil { Self.remove(path, &state) }
            if let flight = state.flights[path] { return .wait(flight) }
            state.misses += 1
            misses.increment()
            let flight = Flight()
            state.flights[path] = flight
            return .lead(flight, generation: state.generation)
        }
    }

    /// Ends the leader's render: keeps `page` unless a change overlapped the render, and hands
    /// it to the waiting readers either way.
    func finish(_ path: String, flight: Flight, page: CachedPage?, startedAt generation: UInt64) {
        state.withLock { state in
            if state.flights[path] === flight { state.flights[path] = nil }
            guard let page, page.size <= maxBytes / 4 else { return }
            let overlapped = (["*"] + page.keys).contains { (state.invalidated[$0]?.generation ?? 0) > generation }
            guard !overlapped else { return }
            if state.nodes[path] != nil { Self.remove(path, &state) }
            Self.insert(path, page, &state)
            while state.bytes > maxBytes, let oldest = state.oldest {
                Self.remove(oldest, &state)
                evictions.increment()
            }
            bytes.record(state.bytes)
        }
        flight.finish(page)
    }

    func apply(_ change: ContentChange) { apply(change, at: Date()) }

    /// Drops the entries a change touches, here and now.
    func apply(_ change: ContentChange, at date: Date) {
        state.withLock { state in
            state.generation += 1
            let stamp = (state.generation, date)
            for key in change.keys { state.invalidated[key] = stamp }
            if change.keys.contains("*") {
                state.nodes = [:]
                state.byKey = [:]
                state.newest = nil
                state.oldest = nil
                state.bytes = 0
                // Every key's own stamp is now older than `*`'s, which covers it.
                state.invalidated = ["*": stamp]
                bytes.record(0)
                return
            }
            for key in change.keys {
                for path in state.byKey[key] ?? [] { Self.remove(path, &state) }
            }
            bytes.record(state.bytes)
        }
    }

    /// The last time any of `keys` changed while this node was running; a page's
    /// `Last-Modified` is never older than that.
    func lastChange(of keys: [String]) -> Date? {
        state.withLock { state in (["*"] + keys).compactMap { state.invalidated[$0]?.at }.max() }
    }

    struct Statistics: Sendable, Equatable {
        var entries: Int
        var bytes: Int
        var hits: Int
        var misses: Int
    }

    var statistics: Statistics {
        state.withLock { Statistics(entries: $0.nodes.count, bytes: $0.bytes, hits: $0.hits, misses: $0.misses) }
    }

    /// The entry for `path` if it is still fresh, counted and moved to the front.
    private func hit(_ path: String, now: Date, _ state: inout State) -> CachedPage? {
        guard let node = state.nodes[path], now.timeIntervalSince(node.page.storedAt) < maxAge else { return nil }
        Self.touch(path, &state)
        state.hits += 1
        hits.increment()
        return node.page
    }

    // MARK: The recency list, newest first

    private static func insert(_ path: String, _ page: CachedPage, _ state: inout State) {
        state.nodes[path] = Node(page: page, newer: nil, older: state.newest)
        if let newest = state.newest { state.nodes[newest]?.newer = path }
        state.newest = path
        if state.oldest == nil { state.oldest = path }
        state.bytes += page.size
        for key in page.keys { state.byKey[key, default: []].insert(path) }
    }

    private static func remove(_ path: String, _ state: inout State) {
        guard let node = state.nodes.removeValue(forKey: path) else { return }
        if let newer = node.newer { state.nodes[newer]?.older = node.older } else { state.newest = node.older }
        if let older = node.older { state.nodes[older]?.newer = node.newer } else { state.oldest = node.newer }
        state.bytes -= node.page.size
        for key in node.page.keys {
            state.byKey[key]?.remove(path)
            if state.byKey[key]?.isEmpty == true { state.byKey[key] = nil }
        }
    }

    /// Moves an entry to the front of the recency list; every hit does this, so it only relinks.
    private static func touch(_ path: String, _ state: inout State) {
        guard state.newest != path, let node = state.nodes[path] else { return }
        if let newer = node.newer { state.nodes[newer]?.older = node.older }
        if let older = node.older { state.nodes[older]?.newer = node.newer } else { state.oldest = node.newer }
        state.nodes[path]?.newer = nil
        state.nodes[path]?.older = state.newest
        if let newest = state.newest { state.nodes[newest]?.newer = path }
        state.newest = path
    }
}

/// Answers cache hits in front of the router: a page that is in the cache was rendered by a
/// public route, and its reader needs none of the routing, logging and error handling that
/// a render does. Everything else, misses included, goes on to the router.
struct PageCacheResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: RequestContext {
    typealias Context = Base.Context
    let base: Base
    let cache: PageCache?

    func respond(to request: Request, context: Context) async throws -> Response {
        if let cache, PageCacheMiddleware<Context>.mayShare(request.head), let page = cache.cached(request.uri.description) {
            return page.response(to: request, hit: true)
        }
        return try await base.respond(to: request, context: context)
    }
}

/// Serves public GET requests from the page cache, rendering a missing page once.
///
/// Only responses that name their `Surrogate-Key`s, say `public`, and are a 200 are kept. A
/// request that carries the held-comment cookie is this reader's alone (their own comment
/// awaiting moderation is on it), so it skips the cache both ways.
struct PageCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache

    /// A GET from a reader with nothing of their own on the page.
    static func mayShare(_ request: HTTPRequest) -> Bool {
        request.method == .get && PageCache.isShareable(request.headerFields)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.mayShare(request.head) else { return try await next(request, context) }
        let path = request.uri.description
        switch cache.lookup(path) {
        case .hit(let page):
            return page.response(to: request, hit: true)
        case .wait(let flight):
            if let page = await flight.result() { return page.response(to: request, hit: true) }
            return try await next(request, context)
        case .lead(let flight, let generation):
            // The leader renders for everyone, so it asks for the whole page, not a 304.
            var head = request.head
            head.headerFields[.ifNoneMatch] = nil
            head.headerFields[.ifModifiedSince] = nil
            let unconditional = Request(head: head, body: request.body)
            let response: Response
            do {
                response = try await next(unconditional, context)
            } catch {
                cache.finish(path, flight: flight, page: nil, startedAt: generation)
                throw error
            }
            guard response.status == .ok, let keys = response.headers[CachedPage.surrogateKey],
                let cacheControl = response.headers[.cacheControl], cacheControl.hasPrefix("public")
            else {
                cache.finish(path, flight: flight, page: nil, startedAt: generation)
                return response
            }
            let collector = BodyCollector()
            do {
                try await response.body.write(collector)
            } catch {
                cache.finish(path, flight: flight, page: nil, startedAt: generation)
                throw error
            }
            let now = Date()
            let keyList = keys.split(separator: " ").map(String.init)
            let stated = response.headers[.lastModified].flatMap(HTTPDate.parse)
            let lastModified = min(now, max(stated ?? .distantPast, cache.lastChange(of: keyList) ?? stated ?? now))
            let page = CachedPage(
                body: collector.buffer, contentType: response.headers[.contentType] ?? "application/octet-stream", cacheControl: cacheControl,
                lastModified: lastModified, keys: keyList, storedAt: now
            )
            cache.finish(path, flight: flight, page: page, startedAt: generation)
            return page.response(to: request, hit: false)
        }
    }
}

/// Gathers a response body into one buffer. A class, because writing consumes the writer.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
