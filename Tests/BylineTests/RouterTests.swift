@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Public pages")
struct RouterTests {
    /// 22:49 UTC on 3 December 2019 is 5:49 PM in New York, so the URL's day is the 3rd.
    static let articlePath = "/world/2019/12/03/talks-resume"

    private func site(_ articles: [ArticleInput] = [Fixtures.article("talks-resume", tags: ["Diplomacy"])], theme: String? = nil) async throws -> TestSite {
        try await TestSite.make(theme: theme, articles: articles)
    }

    struct Outage: Error, CustomStringConvertible { var description: String { "SQLITE_IOERR: disk I/O error at /secret/path" } }

    /// Articles that fail every call with one error: a broken disk, or a database out of reach.
    private struct ThrowingArticles: ArticleRepository {
        let error: any Error
        func publishedArticle(slug: String) async throws -> Article? { throw error }
        func publishedArticle(id: Int64) async throws -> Article? { throw error }
        func currentSlug(forRetiredSlug oldSlug: String) async throws -> String? { throw error }
        func withdrawnArticle(slug: String) async throws -> WithdrawnArticle? { throw error }
        func publishedSummaries(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> { throw error }
        func article(slug: String) async throws -> Article? { throw error }
        func publishedSummaries(_ listing: ArticleListing, updatedSince: Date?, after cursor: ListingCursor?, limit: Int) async throws -> [ArticleSummary] {
            throw error
        }
        func sitemapEntries(offset: Int, limit: Int) async throws -> [SitemapEntry] { throw error }
        func publishedCount() async throws -> Int { throw error }
        func publishedSince(_ date: Date, limit: Int) async throws -> [SitemapEntry] { throw error }
        func related(to article: Article, limit: Int) async throws -> [ArticleSummary] { throw error }
        func save(_ inputs: [ArticleInput], now: Date) async throws -> [ArticleSaveOutcome] { throw error }
    }

    // MARK: Article page

    @Test func theArticlePageShowsTheStoryInReadingOrder() async throws {
        var input = Fixtures.article("talks-resume", tags: ["Diplomacy"], corrections: [
            Correction(kind: .correction, text: "An earlier version misnamed the delegation.", date: Fixtures.publishedAt.addingTimeInterval(7200)),
        ])
        input.updatedAt = Fixtures.publishedAt.addingTimeInterval(7200)
        input.bodyMarkdown = "“We are close,” one delegate said."
        try await site([input]).test { client in
            let response = try await client.execute(uri: Self.articlePath, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = try #require(response.text.element("article")) + response.text.element("section")!
            let order = [
                #"href="/world">World</a>"#, "<h1", "A dek for talks-resume.", #"href="/author/mara-lindqvist""#,
                #"<time datetime="2019-12-03T17:49:00-05:00">December 3, 2019, 5:49 PM</time>"#,
                "Updated December 3, 2019, 7:49 PM", "<figure", "“We are close,” one delegate said.",
                "Sochi", "With AFP", "Corrections and updates", "An earlier version misnamed the delegation.",
                #"href="/tag/diplomacy""#, "There are no comments yet.",
            ]
            let positions = order.map { html.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "missing: \(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "the page's parts are out of order")
        }
    }

    @Test func theArticleHasOneHeadlineOneCaptionAndOneTimeAllInsideArticleAndNoChrome() async throws {
        try await site().test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            let article = try #require(html.element("article"))
            #expect(html.occurrences(of: "<h1") == 1 && article.occurrences(of: "<h1") == 1)
            #expect(html.occurrences(of: "<figcaption") == 1 && article.occurrences(of: "<figcaption") == 1)
            #expect(html.occurrences(of: "<time datetime") == 1 && article.occurrences(of: "<time datetime") == 1)
            let body = try #require(html.components(separatedBy: "</head>").last)
            #expect(body.occurrences(of: "The harbour at dusk.") == 1, "the caption appears once in what readers see")
            for chrome in ["<nav", "<footer", "Skip to main content", "All rights reserved", #"aria-label="Sections""#] {
                #expect(!article.contains(chrome), "\(chrome) must stay outside <article>")
            }
            let figure = try #require(article.element("figure"))
            for attribute in [#"alt="Cranes at dusk""#, #"width="1200""#, #"height="675""#, "loading="] {
                #expect(figure.contains(attribute))
            }
        }
    }

    @Test func theArticlePageIsSemanticAndAccessible() async throws {
        try await site().test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            for landmark in [#"<html lang="en-US" dir="ltr">"#, "<header", "<nav", #"<main id="main""#, "<article", "<footer", ##"href="#main""##] {
                #expect(html.contains(landmark), "missing \(landmark)")
            }
            #expect(html.contains(#"<link rel="canonical" href="https://news.example.com/world/2019/12/03/talks-resume">"#))
            #expect(html.contains("<title>Headline for talks-resume – The Test Gazette</title>"))
            #expect(!html.contains(#"src="http"#) && !html.contains(#"href="http://"#), "pages make no external requests")
        }
    }

    @Test func everythingAnAuthorWroteIsEscaped() async throws {
        var input = Fixtures.article("talks-resume")
        input.headline = #"<script>alert("h")</script> & more"#
        input.dek = #"<img src=x onerror=alert(1)>"#
        input.leadImage?.alt = #"" onload="alert(1)"#
        input.leadImage?.caption = "<b>caption</b>"
        try await site([input]).test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt; &amp; more"))
            #expect(!html.contains("<img src=x"))
            #expect(!html.contains(#"" onload="alert(1)"#))
            #expect(!html.contains("<b>caption</b>"))
        }
    }

    @Test func summerArticlesShowTheDaylightSavingOffset() async throws {
        let july = ISO8601.parse("2019-07-03T22:49:00Z")!
        try await site([Fixtures.article("summer", publishedAt: july)]).test { client in
            let html = try await client.execute(uri: "/world/2019/07/03/summer", method: .get).text
            #expect(html.contains(#"<time datetime="2019-07-03T18:49:00-04:00">July 3, 2019, 6:49 PM</time>"#))
        }
    }

    @Test func closedCommentsSaySo() async throws {
        var input = Fixtures.article("talks-resume")
        input.comments = CommentSettings(open: false)
        try await site([input]).test { client in
            let html = try await client.execute(uri: Self.articlePath, method: .get).text
            #expect(html.contains("Comments are closed."))
            #expect(html.contains("There are no comments yet."))
        }
    }

    // MARK: Redirects and missing pages

    @Test(arguments: ["/world/2019/12/04/talks-resume", "/science/2019/12/03/talks-resume", "/world/2019/1/3/talks-resume"])
    func aWrongSectionOrDateRedirectsToTheCanonicalURL(path: String) async throws {
        try await site().test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .movedPermanently)
            #expect(response.headers[.location] == Self.articlePath)
        }
    }

    @Test func aRenamedSlugRedirectsPermanently() async throws {
        let site = try await site([Fixtures.article("talks-resume", externalID: "wire-9")])
        _ = try await site.storage.articles.save([Fixtures.article("talks-resume-in-sochi", externalID: "wire-9")], now: Fixtures.publishedAt)
        try await site.test { client in
            let response = try await client.execute(uri: Self.articlePath, method: .get)
            #expect(response.status == .movedPermanently)
            #expect(response.headers[.location] == "/world/2019/12/03/talks-resume-in-sochi")
            #expect(try await client.execute(uri: "/world/2019/12/03/talks-resume-in-sochi", method: .get).status == .ok)
        }
    }

    @Test func draftsAreNotFound() async throws {
        try await site([Fixtures.article("secret-plan", status: .draft, publishedAt: nil)]).test { client in
            let response = try await client.execute(uri: "/world/2019/12/03/secret-plan", method: .get)
            #expect(response.status == .notFound)
            #expect(!response.text.contains("secret-plan"))
            #expect(try await client.execute(uri: "/", method: .get).text.contains("Headline for secret-plan") == false)
        }
    }

    @Test(arguments: ["/no-such-section", "/world/2019/12/03/no-such-story", "/tag/nothing", "/author/nobody", "/a/b/c", "/assets/missing.css"])
    func unknownAddressesGetTheThemedNotFoundPage(path: String) async throws {
        try await site().test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains("Page not found"))
            #expect(response.text.contains("The Test Gazette"))
        }
    }

    @Test func aFailureShowsAPlainServerErrorPageWithoutInternals() async throws {
        let configuration = try await TestSite.make().configuration
        var broken = try await Backend.sqlite.makeStorage()
        broken.articles = ThrowingArticles(error: Outage())
        let app = try await buildApplication(configuration, storage: broken)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .internalServerError)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.text.contains("Something went wrong"))
            for secret in ["SQLITE", "secret/path", "Outage", "ThrowingArticles"] {
                #expect(!response.text.contains(secret))
            }
        }
    }

    struct UnreachableDatabase: DatabaseHealth {
        func checkReady() async throws { throw StorageError.unavailable }
    }

    @Test func anUnreachableDatabaseGivesA503PageThatAsksToRetry() async throws {
        let site = try await TestSite.make()
        var storage = site.storage
        storage.articles = ThrowingArticles(error: StorageError.unavailable)
        try await buildApplication(site.configuration, storage: storage).test(.router) { client in
            let response = try await client.execute(uri: Self.articlePath, method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.text.contains("Temporarily unavailable"))
        }
    }

    @Test func healthzIsLiveAndReadyzChecksTheDatabase() async throws {
        try await site().test { client in
            let live = try await client.execute(uri: "/healthz", method: .get)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(live.status == .ok && ready.status == .ok)
            #expect(ready.headers[.cacheControl] == "no-store")
        }
    }

    @Test func readyzFailsWhenTheDatabaseIsUnreachable() async throws {
        let site = try await TestSite.make()
        var storage = site.storage
        storage.health = UnreachableDatabase()
        try await buildApplication(site.configuration, storage: storage).test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            let live = try await client.execute(uri: "/healthz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(live.status == .ok, "the process itself is alive")
        }
    }

    /// A database that neither answers nor stops when asked to: a TCP connect to a host that
    /// drops packets, or a read stuck behind a long write.
    struct SilentDatabase: DatabaseHealth {
        func checkReady() async throws {
            await withCheckedContinuation { (answer: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + 20) { answer.resume() }
            }
        }
    }

    @Test func readyzAnswersWithinASecondWhileTheDatabaseIsSilent() async throws {
        let site = try await TestSite.make()
        var storage = site.storage
        storage.health = SilentDatabase()
        var configuration = site.configuration
        configuration.readinessTimeoutMilliseconds = 600
        try await buildApplication(configuration, storage: storage).test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            // The deadline's answer: without it the probe would wait for the request timeout
            // (5 s), and a load balancer's probe gives up after 1 s, learning nothing.
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.text == "database did not answer in time\n")
            #expect(ready.headers[.retryAfter] == "5")
        }
        // Checked as numbers rather than timed, which a loaded machine would make flaky.
        #expect(HealthController<BylineRequestContext>(health: SilentDatabase()).readinessDeadline < .seconds(1))
        #expect(try Byline.Configuration.resolve(.init(), environment: [:]).readinessTimeoutMilliseconds < 1000)
    }

    // MARK: Listings

    @Test func theFrontPageListsPublishedStoriesNewestFirst() async throws {
        let articles = [
            Fixtures.article("older", headline: "Older story", publishedAt: Fixtures.publishedAt),
            Fixtures.article("newer", headline: "Newer story", publishedAt: Fixtures.publishedAt.addingTimeInterval(3600)),
            Fixtures.article("hidden", headline: "Draft story", status: .draft, publishedAt: nil),
        ]
        try await site(articles).test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            let html = response.text
            let newer = try #require(html.range(of: "Newer story"))
            let older = try #require(html.range(of: "Older story"))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(!html.contains("Draft story"))
            #expect(html.contains(#"href="/world/2019/12/03/newer""#))
            #expect(html.contains(#"<a href="/world">World</a>"#))
        }
    }

    @Test func anEmptySiteHasAnEmptyFrontPageNotAnError() async throws {
        try await site([]).test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("No stories have been published here yet."))
        }
    }

    @Test func listingsArePaginated() async throws {
        let articles = (0..<15).map { Fixtures.article("story-\($0)", headline: "Story number \($0)", publishedAt: Fixtures.publishedAt.addingTimeInterval(Double($0) * 60)) }
        try await site(articles).test { client in
            let first = try await client.execute(uri: "/", method: .get).text
            #expect(first.contains("Story number 14") && !first.contains("Story number 2<"))
            #expect(first.contains(#"rel="next" href="/?page=2""#))
            let second = try await client.execute(uri: "/?page=2", method: .get)
            #expect(second.status == .ok)
            #expect(second.text.contains("Story number 0"))
            #expect(second.text.contains(#"rel="prev" href="/""#))
            #expect(second.text.contains(#"<link rel="canonical" href="https://news.example.com/?page=2">"#))
            #expect(try await client.execute(uri: "/?page=3", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/?page=zero", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/?page=-1", method: .get).status == .notFound)
        }
    }

    @Test func sectionTagAndAuthorPagesListTheirStories() async throws {
        let articles = [
            Fixtures.article("world-story", headline: "World story", section: "World", tags: ["Energy"], authors: ["Mara Lindqvist"]),
            Fixtures.article("science-story", headline: "Science story", section: "Science", tags: ["Energy"], authors: ["Daniel Okafor"]),
        ]
        try await site(articles).test { client in
            let section = try await client.execute(uri: "/science", method: .get)
            #expect(section.status == .ok)
            #expect(section.text.contains("Science story") && !section.text.contains("World story"))
            #expect(section.text.contains(#"<a href="/science" aria-current="page">Science</a>"#))

            let tag = try await client.execute(uri: "/tag/energy", method: .get).text
            #expect(tag.contains("Science story") && tag.contains("World story"))

            let author = try await client.execute(uri: "/author/mara-lindqvist", method: .get).text
            #expect(author.contains("<h1 class=\"listing__heading\">Mara Lindqvist</h1>"))
            #expect(author.contains("Mara Lindqvist reports."), "the author page shows the bio")
            #expect(author.contains("World story") && !author.contains("Science story"))
        }
    }

    // MARK: HTTP caching

    @Test(arguments: ["/", Self.articlePath, "/world", "/tag/diplomacy", "/author/mara-lindqvist"])
    func pagesCarryValidatorsAndAnswerConditionalRequestsWith304(path: String) async throws {
        try await site().test { client in
            let first = try await client.execute(uri: path, method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl]?.hasPrefix("public, max-age=60, s-maxage=") == true)
            let etag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])

            let byTag = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
            #expect(byTag.status == .notModified)
            #expect(byTag.body.readableBytes == 0)
            #expect(byTag.headers[.eTag] == etag)

            let byDate = try await client.execute(uri: path, method: .get, headers: [.ifModifiedSince: lastModified])
            #expect(byDate.status == .notModified)

            let stale = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: "\"something-else\""])
            #expect(stale.status == .ok)
        }
    }

    @Test(arguments: ["/", Self.articlePath, "/assets/css/byline.css"])
    func headAnswersLikeGetWithoutABody(path: String) async throws {
        try await site().test { client in
            let get = try await client.execute(uri: path, method: .get)
            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
        }
    }

    @Test func headOfAMissingPageIsNotFound() async throws {
        try await site().test { client in
            let response = try await client.execute(uri: "/nowhere", method: .head)
            #expect(response.status == .notFound)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test func anEditChangesTheValidators() async throws {
        let site = try await site()
        try await site.test { client in
            let before = try await client.execute(uri: Self.articlePath, method: .get)
            var edited = Fixtures.article("talks-resume", headline: "Talks collapse", tags: ["Diplomacy"])
            edited.updatedAt = Fixtures.publishedAt.addingTimeInterval(3600)
            _ = try await site.storage.articles.save([edited], now: Fixtures.publishedAt.addingTimeInterval(3600))

            let after = try await client.execute(uri: Self.articlePath, method: .get, headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .ok)
            #expect(after.text.contains("Talks collapse"))
            #expect(after.headers[.lastModified] != before.headers[.lastModified])
        }
    }

    // MARK: Theme

    @Test func assetsAreServedFromTheTheme() async throws {
        try await site().test { client in
            let css = try await client.execute(uri: "/assets/css/byline.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.headers[.eTag] != nil)
            let image = try await client.execute(uri: "/assets/demo/harbour.jpg", method: .get)
            #expect(image.headers[.contentType] == "image/jpeg")
            #expect(image.body.readableBytes > 10_000)
        }
    }

    @Test func aSiteThemeOverridesTemplatesAndAssetsByName() async throws {
        // Given a theme folder with its own error page and stylesheet
        let theme = TemporaryDirectory.make()
        try FileManager.default.createDirectory(atPath: theme + "/templates", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: theme + "/assets/css", withIntermediateDirectories: true)
        try "<p>Custom missing page for {{site.name}}</p>".write(toFile: theme + "/templates/error.mustache", atomically: true, encoding: .utf8)
        try "body { color: red }".write(toFile: theme + "/assets/css/byline.css", atomically: true, encoding: .utf8)

        try await site(theme: theme).test { client in
            let missing = try await client.execute(uri: "/nowhere", method: .get)
            let css = try await client.execute(uri: "/assets/css/byline.css", method: .get)
            #expect(missing.text == "<p>Custom missing page for The Test Gazette</p>")
            #expect(css.text == "body { color: red }")
            // Templates and assets the theme doesn't override still come from the default theme.
            let article = try await client.execute(uri: Self.articlePath, method: .get)
            let image = try await client.execute(uri: "/assets/demo/harbour.jpg", method: .get)
            #expect(article.text.contains("<h1"))
            #expect(image.status == .ok)
        }
    }

    @Test func aBrokenThemeTemplateStopsStartUpNamingTheFile() async throws {
        let theme = TemporaryDirectory.make()
        try FileManager.default.createDirectory(atPath: theme + "/templates", withIntermediateDirectories: true)
        try "{{#unclosed}}".write(toFile: theme + "/templates/article.mustache", atomically: true, encoding: .utf8)
        let site = try await TestSite.make(theme: theme)
        await #expect {
            _ = try await buildApplication(site.configuration, storage: site.storage)
        } throws: { error in
            "\(error)".contains("article.mustache")
        }
    }
}
