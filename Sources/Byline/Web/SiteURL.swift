import Foundation
import Hummingbird

/// Every path Byline answers: readers' pages, feeds and sitemaps, media and assets, the
/// Content API and the newsroom. A route is registered from the same case that builds its
/// links, with `.key` where a link has a value (as SwiftPackageIndex-Server does), so a link
/// cannot point at a route that does not exist.
enum SiteURL: Sendable, Hashable {
    // Readers' pages
    case front(page: Int = 1)
    case section(Parameter<String>, page: Int = 1)
    case tag(Parameter<String>, page: Int = 1)
    case author(Parameter<String>, page: Int = 1)
    /// The front page of one language's stories, shown in that language.
    case language(Parameter<String>, page: Int = 1)
    /// The quote index: the most quoted people, and what one person said.
    case people(page: Int = 1)
    case person(Parameter<String>, page: Int = 1)
    /// A standing page, by the slugs of its path (`/about/staff/`). Its path is the
    /// newsroom's to choose, so it has no route: `StandingPageMiddleware` serves what no route had.
    case page(levels: [Parameter<String>])
    case article(section: Parameter<String>, year: Parameter<Int>, month: Parameter<Int>, day: Parameter<Int>, slug: Parameter<String>)
    case search
    /// Where the comment form posts.
    case comments
    case preview(token: Parameter<String>)

    // For machines
    /// A listing's feed: the front page's, a section's, a tag's or an author's.
    indirect case feed(of: SiteURL, Feeds.Format)
    case siteCommentsFeed
    /// An article's comments as Atom.
    indirect case commentsFeed(of: SiteURL)
    case robots
    case sitemapIndex
    case sitemap(file: Parameter<String>)
    case media(file: Parameter<String>)
    /// A theme's asset, or with no file the folder they are served from.
    case asset(String? = nil)
    case live
    case ready
    /// Prometheus' scrape path, on the metrics listener only (`MetricsServer`).
    case metrics
    case api(API)
    case admin(Admin)

    /// The Content API.
    enum API: Sendable, Hashable {
        case openAPI
        case articles
        /// By id or slug.
        case article(Parameter<String>)
        case sections
        case authors
        case search
        /// Where agencies and ingest systems push wire items.
        case wire
        /// The quote index: people quoted, one of them, what they said, and a story's quotes.
        case people
        case person(Parameter<String>)
        case personQuotes(Parameter<String>)
        case articleQuotes(Parameter<String>)

        /// Every API path starts with it; errors under it are answered in JSON.
        static let prefix = "/api/"

        var path: String {
            switch self {
            case .openAPI: Self.prefix + "openapi.json"
            case .articles: Self.prefix + "v1/articles"
            case .article(let article): Self.prefix + "v1/articles/" + article.segment("article")
            case .sections: Self.prefix + "v1/sections"
            case .authors: Self.prefix + "v1/authors"
            case .search: Self.prefix + "v1/search"
            case .wire: Self.prefix + "v1/wire"
            case .people: Self.prefix + "v1/people"
            case .person(let person): Self.prefix + "v1/people/" + person.segment("person")
            case .personQuotes(let person): Self.prefix + "v1/people/" + person.segment("person") + "/quotes"
            case .articleQuotes(let article): Self.prefix + "v1/articles/" + article.segment("article") + "/quotes"
            }
        }
    }

    /// The article's canonical address: its section and its first-publication day in the
    /// site's time zone, so a URL never changes when the story is edited.
    static func article(_ slug: String, section: String, publishedAt: Date, dates: DateDisplay) -> SiteURL {
        let day = dates.calendarDay(publishedAt)
        return .article(section: .value(section), year: .value(day.year), month: .value(day.month), day: .value(day.day), slug: .value(slug))
    }

    static func section(slug: String, page: Int = 1) -> SiteURL { .section(.value(slug), page: page) }
    static func tag(slug: String, page: Int = 1) -> SiteURL { .tag(.value(slug), page: page) }
    static func author(slug: String, page: Int = 1) -> SiteURL { .author(.value(slug), page: page) }
    static func language(_ tag: String, page: Int = 1) -> SiteURL { .language(.value(tag), page: page) }
    static func person(slug: String, page: Int = 1) -> SiteURL { .person(.value(slug), page: page) }
    static func page(path: String) -> SiteURL { .page(levels: path.split(separator: "/").map { .value(String($0)) }) }

    var path: String {
        switch self {
        case .front(let page): Self.paged("/", page)
        case .section(let slug, let page): Self.paged("/" + slug.segment("section"), page)
        case .tag(let slug, let page): Self.paged("/tag/" + slug.segment("slug"), page)
        case .author(let slug, let page): Self.paged("/author/" + slug.segment("slug"), page)
        case .language(let tag, let page): Self.paged("/language/" + tag.segment("language"), page)
        case .people(let page): Self.paged("/people/", page)
        case .person(let slug, let page): Self.paged("/people/" + slug.segment("slug"), page)
        case .article(let section, let year, let month, let day, let slug):
            "/\(section.segment("section"))/\(year.segment("year", digits: 4))/\(month.segment("month", digits: 2))/\(day.segment("day", digits: 2))/"
                + slug.segment("slug")
        case .page(let levels): "/" + levels.enumerated().map { $1.segment("level\($0 + 1)") }.joined(separator: "/") + "/"
        case .search: "/search"
        case .comments: "/comments"
        case .preview(let token): "/preview/" + token.segment("token")
        case .feed(let listing, let format): (listing == .front() ? "" : listing.path) + "/" + format.fileName
        case .siteCommentsFeed: "/comments/feed.atom"
        case .commentsFeed(let article): article.path + "/comments.atom"
        case .robots: "/robots.txt"
        case .sitemapIndex: "/sitemap.xml"
        case .sitemap(let file): "/sitemaps/" + file.segment("file")
        case .media(let file): "/media/" + file.segment("file")
        case .asset(let file): "/assets" + (file.map { "/" + $0 } ?? "")
        case .live: "/healthz"
        case .ready: "/readyz"
        case .metrics: "/metrics"
        case .api(let endpoint): endpoint.path
        case .admin(let page): page.path
        }
    }

    /// The pattern a route is registered with; build it from a case with `.key`s.
    var route: RouterPath { RouterPath(path) }

    /// The absolute URL, for canonical links, feeds, sitemaps and structured data.
    func absolute(base: String) -> String { base + path }

    /// An address as stored (a lead image's `src`): a site-relative one under `base`, any
    /// other as it is. `//host/…` is another site's, not ours.
    static func absolute(_ address: String, base: String) -> String {
        address.hasPrefix("/") && !address.hasPrefix("//") ? base + address : address
    }

    /// The path with a query, leaving out the names whose value is nil.
    func path(query: KeyValuePairs<String, (any CustomStringConvertible)?>) -> String {
        Self.adding(query, to: path)
    }

    static func adding(_ query: KeyValuePairs<String, (any CustomStringConvertible)?>, to path: String) -> String {
        // Only unreserved characters go unencoded: `+` would read as a space, and `&`, `=`, `/`
        // or `?` inside a value (a `next` address) would be read as the query's own.
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        let items = query.compactMap { name, value in value.map { encode(name) + "=" + encode($0.description) } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    private static func paged(_ path: String, _ page: Int) -> String {
        page > 1 ? "\(path)?page=\(page)" : path
    }
}

/// A path's variable part: a value in a link, or the `:name` a route matches it with.
enum Parameter<Value: Sendable & Hashable & CustomStringConvertible>: Sendable, Hashable {
    case key
    case value(Value)

    func segment(_ name: String, digits: Int? = nil) -> String {
        switch self {
        case .key:
            return ":" + name
        case .value(let value):
            let text = digits.map { String(repeating: "0", count: max(0, $0 - value.description.count)) + value.description } ?? value.description
            return PathSegment.encoded(text)
        }
    }
}

/// Percent-encoding of one path segment. Every link on a page is built through it, so a
/// segment that needs no encoding (a slug, a number: nearly all of them) is returned after one
/// look at its bytes; building the character set on every call and asking Foundation cost an
/// uncached article page a twentieth of its time.
enum PathSegment {
    private static let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

    static func encoded(_ text: String) -> String {
        if text.utf8.allSatisfy(isAllowedASCII) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `urlPathAllowed` without `/`, `?` and `#`, in ASCII (it has no `;` either).
    private static func isAllowedASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            true
        default: false
        }
    }
}
