@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every path comes from `SiteURL`: a route is registered from a case with `.key`s and a link
/// is built from the same case with values, so each link reaches the route it was built for.
@Suite("Site URLs")
struct SiteURLTests {
    /// Each route as registered, with a link built from the same case.
    static let routes: [(route: SiteURL, link: SiteURL)] = {
        let article = SiteURL.article(section: .key, year: .key, month: .key, day: .key, slug: .key)
        let story = SiteURL.article(section: .value("world"), year: .value(2019), month: .value(3), day: .value(7), slug: .value("harbour-reopens"))
        var pairs: [(SiteURL, SiteURL)] = [
            (.front(), .front(page: 2)), (.section(.key), .section(slug: "world", page: 3)), (.tag(.key), .tag(slug: "ports")),
            (.author(.key), .author(slug: "mara-lindqvist")), (.language(.key), .language("pt-BR", page: 2)), (article, story), (.search, .search), (.comments, .comments),
            (.preview(token: .key), .preview(token: .value("abc.def"))), (.siteCommentsFeed, .siteCommentsFeed),
            (.commentsFeed(of: article), .commentsFeed(of: story)), (.robots, .robots), (.sitemapIndex, .sitemapIndex),
            (.sitemap(file: .key), .sitemap(file: .value("news.xml"))), (.media(file: .key), .media(file: .value("0a1b2c.jpg"))),
            (.live, .live), (.ready, .ready), (.metrics, .metrics), (.people(), .people(page: 2)), (.person(.key), .person(slug: "vladimir-putin")),
            (.feed(of: .person(.key), .atom), .feed(of: .person(slug: "vladimir-putin"), .atom)),
            (.api(.openAPI), .api(.openAPI)), (.api(.articles), .api(.articles)), (.api(.article(.key)), .api(.article(.value("42")))),
            (.api(.sections), .api(.sections)), (.api(.authors), .api(.authors)), (.api(.search), .api(.search)),
            (.api(.people), .api(.people)), (.api(.person(.key)), .api(.person(.value("vladimir-putin")))),
            (.api(.personQuotes(.key)), .api(.personQuotes(.value("vladimir-putin")))), (.api(.articleQuotes(.key)), .api(.articleQuotes(.value("42")))),
        ]
        for format in Feeds.Format.allCases {
            pairs += [
                (.feed(of: .front(), format), .feed(of: .front(), format)), (.feed(of: .section(.key), format), .feed(of: .section(slug: "world"), format)),
                (.feed(of: .tag(.key), format), .feed(of: .tag(slug: "ports"), format)), (.feed(of: .author(.key), format), .feed(of: .author(slug: "bo"), format)),
                (.feed(of: .language(.key), format), .feed(of: .language("fr"), format)),
            ]
        }
        let admin: [(SiteURL.Admin, SiteURL.Admin)] = [
            (.dashboard, .dashboard), (.login, .login), (.logout, .logout), (.articles, .articles), (.newArticle, .newArticle),
            (.article(.key), .article(.value(7))), (.deleteArticle(.key), .deleteArticle(.value(7))), (.revisions(.key), .revisions(.value(7))),
            (.compare(.key), .compare(.value(7))), (.restore(.key, version: .key), .restore(.value(7), version: .value(3))),
            (.corrections(.key), .corrections(.value(7))), (.bodyPreview, .bodyPreview), (.media, .media), (.mediaItem(.key), .mediaItem(.value(9))),
            (.deleteMedia(.key), .deleteMedia(.value(9))), (.comments, .comments), (.editComment(.key), .editComment(.value(5))),
            (.replyToComment(.key), .replyToComment(.value(5))), (.banCommenter(.key), .banCommenter(.value(5))), (.sections, .sections),
            (.section(.key), .section(.value(2))), (.tags, .tags), (.tag(.key), .tag(.value(4))), (.mergeTag(.key), .mergeTag(.value(4))),
            (.pages, .pages), (.newPage, .newPage), (.page(.key), .page(.value(6))), (.imports, .imports), (.importJob(.key), .importJob(.value(2))),
            (.confirmImport(.key), .confirmImport(.value(2))),
            (.users, .users), (.account, .account), (.userRole(.key), .userRole(.value(3))), (.settings, .settings), (.webhooks, .webhooks),
            (.deleteWebhook(.key), .deleteWebhook(.value(8))),
        ]
        return pairs + admin.map { (.admin($0.0), .admin($0.1)) }
    }()

    @Test func everyLinkReachesTheRouteOfItsOwnCase() async throws {
        let router = Router()
        for (route, _) in Self.routes {
            router.get(route.route) { _, _ in route.route.description }
        }
        try await Application(router: router).test(.router) { client in
            for (route, link) in Self.routes {
                let path = link.path.split(separator: "?")[0]
                try await client.execute(uri: String(path), method: .get) { response in
                    #expect(String(buffer: response.body) == route.route.description, "\(link.path) did not reach \(route.route)")
                }
            }
        }
    }

    @Test func theRoutesCoverEveryKindOfPage() {
        // Readers' pages and machines' (five listings' feeds), the API, and the newsroom; assets
        // are files served under a prefix, not routes. A case added without a route here fails.
        let kinds = Set(Self.routes.map { Self.kind($0.route) })
        // Standing pages have no route: their paths are the newsroom's (StandingPageMiddleware).
        #expect(kinds.count == 26 + 10 + 36, "\(kinds.sorted())")
    }

    @Test func linksCarryValuesAndRoutesCarryKeys() {
        #expect(SiteURL.admin(.restore(.value(7), version: .value(3))).path == "/admin/articles/7/revisions/3/restore")
        #expect(SiteURL.admin(.restore(.key, version: .key)).path == "/admin/articles/:id/revisions/:version/restore")
        #expect(SiteURL.Admin.restore(.key, version: .key).route == RouterPath("articles/:id/revisions/:version/restore"))
        #expect(SiteURL.article(section: .value("world"), year: .value(2019), month: .value(3), day: .value(7), slug: .value("a")).path == "/world/2019/03/07/a")
        #expect(SiteURL.feed(of: .section(slug: "world"), .atom).path == "/world/feed.atom")
        #expect(SiteURL.feed(of: .front(), .rss).path == "/feed.rss")
    }

    @Test func aStoredAddressIsMadeAbsoluteOnlyWhenItIsTheSitesOwn() {
        #expect(SiteURL.absolute("/media/a.jpg", base: "https://news.example.com") == "https://news.example.com/media/a.jpg")
        #expect(SiteURL.absolute("https://cdn.example/a.jpg", base: "https://news.example.com") == "https://cdn.example/a.jpg")
        #expect(SiteURL.absolute("//evil.example/a.jpg", base: "https://news.example.com") == "//evil.example/a.jpg")
    }

    @Test func aQueryEncodesEverythingThatWouldReadAsItsOwnSyntax() {
        #expect(SiteURL.admin(.login).path(query: ["next": "/admin/comments?status=spam&page=2"]) == "/admin/login?next=%2Fadmin%2Fcomments%3Fstatus%3Dspam%26page%3D2")
        #expect(SiteURL.search.path(query: ["q": "C++ & café", "sort": nil]) == "/search?q=C%2B%2B%20%26%20caf%C3%A9")
        #expect(SiteURL.admin(.comments).path(query: ["status": nil]) == "/admin/comments")
    }

    @Test func noRouteIsRegisteredFromALiteralPath() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Byline")
        let pattern = try Regex(#"\b(routes|router|group|admin)\.(get|post|put|patch|delete|head|on|group)\(\s*"|RouterPath\(\s*""#)
        var offenders: [String] = []
        for case let file as String in FileManager.default.enumerator(atPath: sources.path) ?? .init() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(pattern) {
                offenders.append("\(file):\(number + 1)")
            }
        }
        #expect(offenders.isEmpty, "routes registered from literal paths instead of SiteURL: \(offenders)")
    }

    private static func kind(_ url: SiteURL) -> String {
        switch url {
        case .front: "front"
        case .section: "section"
        case .tag: "tag"
        case .author: "author"
        case .language: "language"
        case .people: "people"
        case .person: "person"
        case .article: "article"
        case .page: "page"
        case .search: "search"
        case .comments: "comments"
        case .preview: "preview"
        case .feed(let listing, _): "feed of \(kind(listing))"
        case .siteCommentsFeed: "site comments feed"
        case .commentsFeed: "comments feed"
        case .robots: "robots"
        case .sitemapIndex: "sitemap index"
        case .sitemap: "sitemap"
        case .media: "media"
        case .asset: "asset"
        case .live: "live"
        case .ready: "ready"
        case .metrics: "metrics"
        case .api(let endpoint): "api \(endpoint)".replacingOccurrences(of: "(Byline.Parameter<Swift.String>.key)", with: "")
        case .admin(let page): "admin \(page)".components(separatedBy: "(")[0]
        }
    }
}

@Suite("Path segments")
struct PathSegmentTests {
    /// The quick look at a segment's bytes must agree with Foundation on every character.
    @Test func aSegmentIsEncodedExactlyAsFoundationEncodesIt() {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))
        let ascii = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        for text in ascii + ["talks-resume", "2026", "a b", "Zürich", "東京", "100%", "a/b?c#d", "", "مصر"] {
            #expect(PathSegment.encoded(text) == text.addingPercentEncoding(withAllowedCharacters: allowed), "\(text)")
        }
    }
}
