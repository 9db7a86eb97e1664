@testable import Byline
import CompressNIO
import Foundation
import GRDB
import Synchronization
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The page cache")
struct PageCacheTests {
    static let articlePath = RouterTests.articlePath
    static let otherPath = "/business/2019/12/03/rates-hold"

    /// Two articles in different sections and tags, so that a change to one can be seen to
    /// leave the other's pages alone.
    private func site(backend: Backend, policy: CommentPolicy = CommentRouterTests.policy()) async throws -> TestSite {
        try await TestSite.make(
            articles: [
                Fixtures.article("talks-resume", tags: ["Diplomacy"]),
                Fixtures.article("rates-hold", section: "Business", tags: ["Economy"], authors: ["Ola Berg"]),
            ],
            comments: policy, backend: backend
        )
    }

    private static func get(_ client: any TestClientProtocol, _ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: headers)
    }

    private static func cacheStatus(_ response: TestResponse) -> String? { response.headers[CachedPage.cacheStatus] }

    private static func sectionID(_ site: TestSite, _ slug: String) async throws -> Int64 {
        try #require(try await site.storage.taxonomy.section(slug: slug)).id
    }

    // MARK: Serving from memory

    /// Over the router (hits answered by `PageCacheResponder`) and over a live server (hits
    /// answered in the channel pipeline by `PageCacheChannelHandler`).
    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func aPublicPageIsRenderedOnceAndThenServedFromMemory(backend: Backend, transport: TestSite.Transport) async throws {
        try await site(backend: backend).test(over: transport) { client in
            for path in [Self.articlePath, "/", "/world", "/tag/diplomacy", "/author/mara-lindqvist", "/feed.rss", "/world/feed.atom", "/sitemap.xml"] {
                let first = try await Self.get(client, path)
                let second = try await Self.get(client, path)
                #expect(first.status == .ok, "\(path)")
                #expect(Self.cacheStatus(first) == "miss", "\(path)")
                #expect(Self.cacheStatus(second) == "hit", "\(path)")
                #expect(second.body == first.body, "\(path)")
                #expect(second.headers[.eTag] == first.headers[.eTag], "\(path)")
            }
        }
    }

    @Test
    func theNewsroomIsNeverShared() async throws {
        try await site(backend: .sqlite).test { client in
            for path in ["/admin/sign-in", "/admin/articles"] {
                _ = try await Self.get(client, path)
                let again = try await Self.get(client, path)
                #expect(Self.cacheStatus(again) == nil, "\(path)")
                #expect(again.headers[CachedPage.surrogateKey] == nil, "\(path)")
            }
        }
    }

    /// In a cache of their own (as the API's reads are, behind its rate limit: ContentAPITests).
    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func searchResultsAreKeptUntilTheNextPublish(backend: Backend, transport: TestSite.Transport) async throws {
        let site = try await site(backend: backend)
        try await site.test(over: transport) { client in
            let first = try await Self.get(client, "/search?q=talks")
            let second = try await Self.get(client, "/search?q=talks")
            #expect(Self.cacheStatus(first) == "miss" && Self.cacheStatus(second) == "hit")
            #expect(second.body == first.body)
            #expect(Self.cacheStatus(try await Self.get(client, "/search?q=rates")) == "miss", "each query is its own page")

            _ = try await site.storage.articles.save(
                [Fixtures.article("talks-stall", headline: "Talks stall over the harbour", section: "Business")], now: Date()
            )
            let fresh = try await Self.get(client, "/search?q=talks")
            #expect(Self.cacheStatus(fresh) == "miss")
            #expect(fresh.text.contains("Talks stall over the harbour"))
        }
    }

    @Test(arguments: Backend.allCases)
    func responsesNameTheirSurrogateKeysAndCDNFreshness(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "talks-resume"))
        let world = try await Self.sectionID(site, "world")
        try await site.test { client in
            let page = try await Self.get(client, Self.articlePath)
            let keys = Set((page.headers[CachedPage.surrogateKey] ?? "").split(separator: " ").map(String.init))
            #expect(keys == ["article-\(article.id)", "comments-\(article.id)", "taxonomy"])
            let cacheControl = page.headers[.cacheControl] ?? ""
            #expect(cacheControl.contains("public") && cacheControl.contains("s-maxage=") && cacheControl.contains("stale-while-revalidate="))
            #expect(page.headers[.lastModified] != nil)
            #expect(page.headers[.vary] == "Accept-Encoding")

            let section = try await Self.get(client, "/world")
            #expect(section.headers[CachedPage.surrogateKey]?.split(separator: " ").contains("section-\(world)") == true)
            let feed = try await Self.get(client, "/feed.atom")
            #expect(feed.headers[CachedPage.surrogateKey] == "listings")
        }
    }

    // MARK: Conditional requests and compression

    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func aCurrentCopyGetsA304ByETagOrByDate(backend: Backend, transport: TestSite.Transport) async throws {
        try await site(backend: backend).test(over: transport) { client in
            for path in [Self.articlePath, "/"] {
                let first = try await Self.get(client, path)
                let etag = try #require(first.headers[.eTag])
                let lastModified = try #require(first.headers[.lastModified])
                let byTag = try await Self.get(client, path, headers: [.ifNoneMatch: etag])
                #expect(byTag.status == .notModified)
                #expect(byTag.body.readableBytes == 0)
                #expect(byTag.headers[.eTag] == etag)
                let byDate = try await Self.get(client, path, headers: [.ifModifiedSince: lastModified])
                #expect(byDate.status == .notModified)
                let stale = try await Self.get(client, path, headers: [.ifNoneMatch: "\"something-else\""])
                #expect(stale.status == .ok)
            }
        }
    }

    @Test
    func theRenderingRequestItselfCanBeAnsweredWithA304() async throws {
        let site = try await site(backend: .sqlite)
        let etag = Mutex("")
        try await site.test { client in
            let first = try #require(try await Self.get(client, "/").headers[.eTag])
            etag.withLock { $0 = first }
        }
        let known = etag.withLock { $0 }
        // A new application has an empty cache; the reader's copy is still current.
        try await site.test { client in
            let response = try await Self.get(client, "/", headers: [.ifNoneMatch: known])
            #expect(response.status == .notModified)
            #expect(Self.cacheStatus(response) == "miss")
        }
    }

    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func gzipGoesToReadersWhoAcceptIt(backend: Backend, transport: TestSite.Transport) async throws {
        try await site(backend: backend).test(over: transport) { client in
            let plain = try await Self.get(client, Self.articlePath)
            let zipped = try await Self.get(client, Self.articlePath, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 2)
            #expect(zipped.headers[.eTag] != plain.headers[.eTag], "two encodings are two representations")
            var compressed = zipped.body
            let inflated = try compressed.decompress(with: .gzip())
            #expect(inflated == plain.body)

            let refused = try await Self.get(client, Self.articlePath, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
            let revalidated = try await Self.get(
                client, Self.articlePath, headers: [.acceptEncoding: "gzip", .ifNoneMatch: try #require(zipped.headers[.eTag])]
            )
            #expect(revalidated.status == .notModified)
        }
    }

    // MARK: Invalidation, exactly

    @Test(arguments: Backend.allCases, TestSite.Transport.allCases)
    func editingAnArticleRefreshesItsPagesAndLeavesOthersCached(backend: Backend, transport: TestSite.Transport) async throws {
        let site = try await site(backend: backend)
        try await site.test(over: transport) { client in
            let warm = [Self.articlePath, Self.otherPath, "/", "/world", "/business", "/tag/diplomacy", "/tag/economy", "/feed.rss", "/author/ola-berg"]
            for path in warm { _ = try await Self.get(client, path) }

            _ = try await site.storage.articles.save(
                [Fixtures.article("talks-resume", headline: "Talks resume after a long pause", tags: ["Diplomacy"])], now: Date()
            )

            for path in [Self.articlePath, "/", "/world", "/tag/diplomacy", "/feed.rss"] {
                let response = try await Self.get(client, path)
                #expect(Self.cacheStatus(response) == "miss", "\(path) must be rendered again")
                #expect(response.text.contains("Talks resume after a long pause"), "\(path)")
            }
            for path in [Self.otherPath, "/business", "/tag/economy", "/author/ola-berg"] {
                let response1 = try await Self.get(client, path)
                #expect(Self.cacheStatus(response1) == "hit", "\(path) does not show the edited article")
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func movingAnArticleRefreshesTheListsItLeft(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.test { client in
            for path in ["/world", "/tag/diplomacy", "/business"] { _ = try await Self.get(client, path) }
            _ = try await site.storage.articles.save([Fixtures.article("talks-resume", section: "Business", tags: ["Economy"])], now: Date())
            let world = try await Self.get(client, "/world")
            #expect(!world.text.contains("Headline for talks-resume"))
            let response2 = try await Self.get(client, "/tag/diplomacy")
            #expect(!response2.text.contains("Headline for talks-resume"))
            let response3 = try await Self.get(client, "/business")
            #expect(response3.text.contains("Headline for talks-resume"))
        }
    }

    @Test(arguments: Backend.allCases)
    func approvingACommentRefreshesOnlyThatArticlesPages(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let posted = try await forms.post(["comment": "Held until a moderator reads it."])
            #expect(posted.status == .seeOther)
            for path in [Self.articlePath, Self.otherPath, "/", "/comments/feed.atom"] { _ = try await Self.get(client, path) }
            let held = try #require(try await site.storage.comments.comments(status: .pending, articleID: nil, limit: 5).first)

            _ = try await site.storage.comments.setStatus([held.id], to: .approved, by: "Moderator", reason: "", at: Date())

            let page = try await Self.get(client, Self.articlePath)
            #expect(Self.cacheStatus(page) == "miss")
            #expect(page.text.contains("Held until a moderator reads it."))
            let response4 = try await Self.get(client, "/comments/feed.atom")
            #expect(response4.text.contains("Held until a moderator reads it."))
            let response5 = try await Self.get(client, Self.otherPath)
            #expect(Self.cacheStatus(response5) == "hit")
            let response6 = try await Self.get(client, "/")
            #expect(Self.cacheStatus(response6) == "hit")
        }
    }

    @Test(arguments: Backend.allCases)
    func renamingASectionRefreshesEveryPageThatNamesIt(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let world = try await Self.sectionID(site, "world")
        try await site.test { client in
            for path in [Self.otherPath, "/", "/business"] {
                let text = try await Self.get(client, path).text
                #expect(!text.contains("International"))
            }
            let renamed = try await site.storage.taxonomy.updateSection(id: world, slug: "world", name: "International", description: "")
            #expect(renamed)
            // The navigation on every page names the section.
            for path in [Self.otherPath, "/", "/business"] {
                let response8 = try await Self.get(client, path)
                #expect(response8.text.contains("International"), "\(path)")
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func aCorrectionShowsAtOnce(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.test { client in
            let response9 = try await Self.get(client, Self.articlePath)
            #expect(!response9.text.contains("misstated the venue"))
            let correction = Correction(kind: .correction, text: "An earlier version misstated the venue.", date: Date())
            _ = try await site.storage.articles.save([Fixtures.article("talks-resume", tags: ["Diplomacy"], corrections: [correction])], now: Date())
            let page = try await Self.get(client, Self.articlePath)
            #expect(page.text.contains("An earlier version misstated the venue."))
        }
    }

    @Test(arguments: Backend.allCases)
    func theNewsroomsEditsReachTheCacheThroughTheEditor(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "talks-resume"))
        try await site.test { client in
            _ = try await Self.get(client, Self.articlePath)
            let input = Fixtures.article("talks-resume", headline: "Edited in the newsroom", tags: ["Diplomacy"])
            let saved = try await site.storage.editorial.save(
                EditorialSave(
                    articleID: article.id, input: input, document: ArticleDocument(input), expectedVersion: nil, scheduledAt: nil,
                    editor: Editor(userID: nil, name: "Desk"), note: "edit"
                ),
                now: Date()
            )
            guard case .saved = saved else { Issue.record("not saved: \(saved)"); return }
            let response10 = try await Self.get(client, Self.articlePath)
            #expect(response10.text.contains("Edited in the newsroom"))
        }
    }

    // MARK: Personal content never shared

    @Test(arguments: Backend.allCases)
    func aReadersHeldCommentNeverReachesTheSharedCopy(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let posted = try await forms.post(["comment": "My private pending words."])
            let cookie = try #require(posted.cookie)
            let own = try await Self.get(client, Self.articlePath, headers: [.cookie: cookie])
            #expect(own.text.contains("My private pending words."))
            #expect(own.headers[.cacheControl] == "private, no-store")
            #expect(Self.cacheStatus(own) == nil, "a reader with held comments skips the cache")
            #expect(own.headers[CachedPage.surrogateKey] == nil)

            for _ in 0..<2 {
                let shared = try await Self.get(client, Self.articlePath)
                #expect(!shared.text.contains("My private pending words."))
                #expect(!shared.text.contains("awaiting moderation"))
                #expect(!shared.text.contains("ana@example.com"))
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func aRefusedFormIsNeverShared(backend: Backend) async throws {
        let site = try await site(backend: backend)
        try await site.testLive { client in
            _ = try await Self.get(client, Self.articlePath)
            let forms = CommentForms(client: client, articlePath: Self.articlePath)
            let refused = try await forms.post(["author": "Typed Name Zed", "email": "not-an-email"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Typed Name Zed"))
            #expect(refused.headers[.cacheControl] == "private, no-store")
            let shared = try await Self.get(client, Self.articlePath)
            #expect(Self.cacheStatus(shared) == "hit")
            #expect(!shared.text.contains("Typed Name Zed"))
        }
    }

    // MARK: The purge webhook

    @Test(arguments: Backend.allCases)
    func aChangeQueuesACachePurgeWithTheSameKeys(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let hook = try await site.storage.webhooks.add(url: "http://127.0.0.1:9/purge", events: [.cachePurge], secret: String(repeating: "s", count: 32), at: Date())
        let article = try #require(try await site.storage.articles.publishedArticle(slug: "talks-resume"))
        let world = try await Self.sectionID(site, "world")
        _ = try await site.storage.articles.save([Fixtures.article("talks-resume", headline: "New headline", tags: ["Diplomacy"])], now: Date())

        let delivery = try #require(try await site.storage.webhooks.deliveries(webhookID: hook.id, limit: 5).first)
        #expect(delivery.event == "cache.purge")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(delivery.payload.utf8)) as? [String: Any])
        let data = try #require(payload["data"] as? [String: Any])
        let keys = Set(try #require(data["keys"] as? [String]))
        #expect(keys.isSuperset(of: ["article-\(article.id)", "section-\(world)", "listings"]))
        #expect(!keys.contains { $0.hasPrefix("section-") && $0 != "section-\(world)" })
        #expect(data["purgeEverything"] as? Bool == false)
        #expect(delivery.nextAttemptAt > delivery.createdAt, "sent after every node has dropped its copy")
    }

    @Test(arguments: Backend.allCases)
    func aDraftSaveChangesNothingPublic(backend: Backend) async throws {
        let site = try await site(backend: backend)
        let hook = try await site.storage.webhooks.add(url: "http://127.0.0.1:9/purge", events: [.cachePurge], secret: String(repeating: "s", count: 32), at: Date())
        try await site.test { client in
            _ = try await Self.get(client, "/")
            _ = try await site.storage.articles.save([Fixtures.article("a-draft", status: .draft, publishedAt: nil)], now: Date())
            let response11 = try await Self.get(client, "/")
            #expect(Self.cacheStatus(response11) == "hit")
        }
        let deliveries = try await site.storage.webhooks.deliveries(webhookID: hook.id, limit: 5)
        #expect(deliveries.isEmpty)
    }
}

@Suite("The page cache's bookkeeping")
struct PageCacheUnitTests {
    private static func page(_ text: String, keys: [String], at date: Date = Date()) -> CachedPage {
        CachedPage(
            body: ByteBuffer(string: text), contentType: "text/html", cacheControl: "public", lastModified: date, keys: keys, storedAt: date
        )
    }

    /// Renders `path` through the cache as the middleware does, as the only reader.
    private static func store(_ cache: PageCache, _ path: String, _ page: CachedPage) {
        guard case .lead(let flight, let generation) = cache.lookup(path) else { Issue.record("\(path) was not a miss"); return }
        cache.finish(path, flight: flight, page: page, startedAt: generation)
    }

    private static func isCached(_ cache: PageCache, _ path: String) -> Bool {
        switch cache.lookup(path) {
        case .hit: return true
        case .lead(let flight, let generation):
            cache.finish(path, flight: flight, page: nil, startedAt: generation)
            return false
        case .wait: return false
        }
    }

    @Test
    func aChangeDropsExactlyTheEntriesFiledUnderItsKeys() {
        let cache = PageCache(maxBytes: 1 << 20)
        Self.store(cache, "/a", Self.page("a", keys: ["article-1", "taxonomy"]))
        Self.store(cache, "/b", Self.page("b", keys: ["article-2", "taxonomy"]))
        Self.store(cache, "/world", Self.page("w", keys: ["section-1", "taxonomy"]))
        cache.apply(ContentChange(keys: ["article-1", "section-1"]))
        #expect(!Self.isCached(cache, "/a"))
        #expect(!Self.isCached(cache, "/world"))
        #expect(Self.isCached(cache, "/b"))
        cache.apply(.everything)
        #expect(!Self.isCached(cache, "/b"))
    }

    @Test
    func theSizeIsBoundedAndTheLeastRecentlyUsedGoFirst() {
        let body = String(repeating: "x", count: 10_000)
        let each = Self.page(body, keys: []).size
        let cache = PageCache(maxBytes: each * 4)
        for path in ["/1", "/2", "/3", "/4"] { Self.store(cache, path, Self.page(body, keys: [])) }
        #expect(Self.isCached(cache, "/1"))  // now the most recently used
        Self.store(cache, "/5", Self.page(body, keys: []))
        #expect(cache.statistics.bytes <= each * 4)
        #expect(!Self.isCached(cache, "/2"), "the least recently used went")
        for path in ["/1", "/3", "/4", "/5"] { #expect(Self.isCached(cache, path), "\(path)") }
    }

    @Test
    func aRenderThatOverlappedAChangeIsHandedOnButNotKept() async {
        let cache = PageCache(maxBytes: 1 << 20)
        guard case .lead(let flight, let generation) = cache.lookup("/a") else { Issue.record("not a miss"); return }
        guard case .wait(let waiting) = cache.lookup("/a") else { Issue.record("the second reader did not wait"); return }
        cache.apply(ContentChange(keys: ["article-1"]))  // while the page was being rendered
        cache.finish("/a", flight: flight, page: Self.page("old", keys: ["article-1"]), startedAt: generation)
        #expect(await waiting.result().map { String(buffer: $0.body) } == "old")
        #expect(!Self.isCached(cache, "/a"))
    }

    @Test
    func entriesExpireAfterTheirMaximumAge() {
        let cache = PageCache(maxBytes: 1 << 20, maxAge: 300)
        let then = Date(timeIntervalSince1970: 1_000_000)
        guard case .lead(let flight, let generation) = cache.lookup("/a", now: then) else { Issue.record("not a miss"); return }
        cache.finish("/a", flight: flight, page: Self.page("a", keys: [], at: then), startedAt: generation)
        if case .hit = cache.lookup("/a", now: then + 299) {} else { Issue.record("expired too soon") }
        if case .lead(let flight, let generation) = cache.lookup("/a", now: then + 301) {
            cache.finish("/a", flight: flight, page: nil, startedAt: generation)
        } else {
            Issue.record("still served after its maximum age")
        }
    }

    @Test
    func aStampedeOnAColdPageRendersItOnce() async throws {
        let renders = Counter()
        let router = Router()
        router.add(middleware: PageCacheMiddleware(cache: PageCache(maxBytes: 1 << 20)))
        router.get("/cold") { request, _ -> Response in
            renders.increment()
            try await Task.sleep(for: .milliseconds(300))
            return HTTPCaching.response(to: request, body: ByteBuffer(string: "rendered"), contentType: "text/plain", lastModified: nil, keys: ["k"])
        }
        let app = Application(router: router)
        try await app.test(.live) { client in
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await client.execute(uri: "/cold", method: .get).text } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(bodies.count == 20)
            #expect(bodies.allSatisfy { $0 == "rendered" })
        }
        #expect(renders.value == 1)
    }

    @Test
    func gzipIsOnlyOfferedWhenItIsWanted() {
        func request(_ acceptEncoding: String?) -> HTTPRequest {
            var head = HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/")
            if let acceptEncoding { head.headerFields[.acceptEncoding] = acceptEncoding }
            return head
        }
        #expect(CachedPage.acceptsGzip(request("gzip, deflate, br")))
        #expect(CachedPage.acceptsGzip(request("GZIP;q=0.5")))
        #expect(!CachedPage.acceptsGzip(request("gzip;q=0")))
        #expect(!CachedPage.acceptsGzip(request("br, deflate")))
        #expect(!CachedPage.acceptsGzip(request(nil)))
    }
}

@Suite("Noticing other processes' writes on SQLite")
struct SQLiteChangeWatcherTests {
    /// The changes a broadcaster hands out, gathered from a task.
    private final class Received: ContentChangeObserver {
        private let changes = Mutex<[ContentChange]>([])
        func apply(_ change: ContentChange) { changes.withLock { $0.append(change) } }
        var all: [ContentChange] { changes.withLock { $0 } }
    }

    private static func write(_ pool: DatabasePool, _ name: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO site_settings (name, value, updated_by, updated_at) VALUES (?, 'x', 'test', ?)", arguments: [name, Date()])
        }
    }

    /// Two processes' handles on one database file, and what the first node's broadcaster hears.
    private static func twoConnections() throws -> (node: SQLiteDatabase, otherProcess: SQLiteDatabase, changes: ChangeBroadcaster, received: Received) {
        let path = TemporaryDirectory.make() + "/byline.sqlite"
        let (node, _) = try SQLiteDatabase.open(path: path)
        let (otherProcess, _) = try SQLiteDatabase.open(path: path)
        let changes = ChangeBroadcaster()
        let received = Received()
        changes.observe(received)
        return (node, otherProcess, changes, received)
    }

    /// This node's own writes are announced precisely by its repositories; were the watcher to
    /// announce them too, as "anything changed", every comment would empty the page cache.
    @Test func onlyAnotherConnectionsWritesAreAnnouncedAsAnythingChanged() async throws {
        let (node, otherProcess, changes, received) = try Self.twoConnections()
        let watcher = SQLiteChangeWatcher(writer: node.writer, changes: changes)
        let start = try await watcher.dataVersion()

        try await Self.write(node.writer, "own-write")
        let afterOwnWrite = try await watcher.announceOtherWrites(since: start)
        #expect(received.all.isEmpty, "the node's own write was announced: \(received.all)")

        try await Self.write(otherProcess.writer, "other-write")
        _ = try await watcher.announceOtherWrites(since: afterOwnWrite)
        #expect(received.all == [.everything])
    }

    /// The service itself: a write from another connection reaches subscribers while it runs.
    @Test func theRunningWatcherAnnouncesAnotherConnectionsWrite() async throws {
        let (node, otherProcess, changes, received) = try Self.twoConnections()
        let watcher = Task { try await SQLiteChangeWatcher(writer: node.writer, changes: changes, interval: .milliseconds(20)).run() }
        defer { watcher.cancel() }
        // Repeated until noticed: the watcher may not have read its starting point yet when the first write lands.
        // A whole suite on two cores can keep the watcher's task waiting for a thread a long while.
        var attempt = 0
        try await waitUntil("another connection's write is announced", timeout: .seconds(90), every: .milliseconds(100)) {
            attempt += 1
            try await Self.write(otherProcess.writer, "other-write-\(attempt)")
            return !received.all.isEmpty
        }
        #expect(received.all.first == .everything)
    }
}
