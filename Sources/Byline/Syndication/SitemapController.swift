import Foundation
import Hummingbird

/// `/robots.txt`, the `/sitemap.xml` index and the sitemaps it names: articles (50,000 a
/// file, the protocol's limit), sections, tags, authors and standing pages, and a Google News sitemap of
/// the last 48 hours.
struct SitemapController<Context: RequestContext>: Sendable {
    let articles: any ArticleRepository
    let taxonomy: any TaxonomyRepository
    let standingPages: any PageRepository
    let pages: PageRenderer

    static var urlsPerSitemap: Int { 50_000 }
    /// Google News reads articles published in the last two days, at most 1,000 of them.
    static var newsWindow: TimeInterval { 48 * 3600 }
    static var newsLimit: Int { 1_000 }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.robots.route, use: robots)
        routes.get(SiteURL.sitemapIndex.route, use: index)
        routes.get(SiteURL.sitemap(file: .key).route, use: sitemap)
        return routes
    }

    @Sendable func robots(_ request: Request, context: Context) async throws -> Response {
        let base = pages.baseURL
        let text = """
            User-agent: *
            Disallow: \(SiteURL.admin(.dashboard).path)/
            Disallow: \(SiteURL.preview(token: .value("")).path)

            Sitemap: \(SiteURL.sitemapIndex.absolute(base: base))
            Sitemap: \(SiteURL.sitemap(file: .value("news.xml")).absolute(base: base))

            """
        // Changes only with the site settings, which invalidate everything.
        return HTTPCaching.response(
            to: request, body: ByteBuffer(string: text), contentType: "text/plain; charset=utf-8", lastModified: nil, keys: [ContentChange.settingsKey]
        )
    }

    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        let base = pages.baseURL
        let count = try await articles.publishedCount()
        let files = max(1, (count + Self.urlsPerSitemap - 1) / Self.urlsPerSitemap)
        let newest = try await articles.publishedSince(.distantPast, limit: 1).first
        let lastmod = newest.map { "<lastmod>\(Feeds.rfc3339($0.updatedAt))</lastmod>" } ?? ""
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for file in 1...files { xml += "<sitemap><loc>\(SiteURL.sitemap(file: .value("articles-\(file).xml")).absolute(base: base))</loc>\(lastmod)</sitemap>\n" }
        xml += "<sitemap><loc>\(SiteURL.sitemap(file: .value("pages.xml")).absolute(base: base))</loc></sitemap>\n"
        xml += "<sitemap><loc>\(SiteURL.sitemap(file: .value("news.xml")).absolute(base: base))</loc>\(lastmod)</sitemap>\n"
        xml += "</sitemapindex>\n"
        return respond(request, xml)
    }

    @Sendable func sitemap(_ request: Request, context: Context) async throws -> Response {
        let file = try context.parameters.require("file")
        if file == "pages.xml" { return try await pagesSitemap(request) }
        if file == "news.xml" { return try await newsSitemap(request) }
        guard file.hasPrefix("articles-"), file.hasSuffix(".xml"), let number = Int(file.dropFirst(9).dropLast(4)), number >= 1 else {
            throw HTTPError(.notFound)
        }
        let entries = try await articles.sitemapEntries(offset: (number - 1) * Self.urlsPerSitemap, limit: Self.urlsPerSitemap)
        guard number == 1 || !entries.isEmpty else { throw HTTPError(.notFound) }
        var xml = Self.urlsetOpening
        for entry in entries {
            xml += "<url><loc>\(Feeds.xmlEscaped(url(of: entry)))</loc><lastmod>\(Feeds.rfc3339(entry.updatedAt))</lastmod>\(alternates(of: entry))</url>\n"
        }
        return respond(request, xml + "</urlset>\n")
    }

    private func pagesSitemap(_ request: Request) async throws -> Response {
        let base = pages.baseURL
        var xml = Self.urlsetOpening + "<url><loc>\(Feeds.xmlEscaped(SiteURL.front().absolute(base: base)))</loc><changefreq>hourly</changefreq></url>\n"
        for section in try await taxonomy.sections() {
            xml += "<url><loc>\(Feeds.xmlEscaped(SiteURL.section(slug: section.slug).absolute(base: base)))</loc><changefreq>hourly</changefreq></url>\n"
        }
        for usage in try await taxonomy.tags() where usage.articleCount > 0 {
            xml += "<url><loc>\(Feeds.xmlEscaped(SiteURL.tag(slug: usage.tag.slug).absolute(base: base)))</loc></url>\n"
        }
        for author in try await taxonomy.authors() {
            xml += "<url><loc>\(Feeds.xmlEscaped(SiteURL.author(slug: author.slug).absolute(base: base)))</loc></url>\n"
        }
        for page in try await standingPages.pages() where page.status == .published {
            xml += "<url><loc>\(Feeds.xmlEscaped(SiteURL.page(path: page.path).absolute(base: base)))</loc><lastmod>\(Feeds.rfc3339(page.updatedAt))</lastmod></url>\n"
        }
        return respond(request, xml + "</urlset>\n", keys: [ContentChange.listingsKey, ContentChange.taxonomyKey])
    }

    private func newsSitemap(_ request: Request) async throws -> Response {
        let recent = try await articles.publishedSince(Date().addingTimeInterval(-Self.newsWindow), limit: Self.newsLimit)
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">

            """
        // Google wants the publication's language as an ISO 639 code: "en", not "en-US".
        let language = String(pages.language.prefix { $0 != "-" }).lowercased()
        for entry in recent {
            xml += """
                <url><loc>\(Feeds.xmlEscaped(url(of: entry)))</loc><news:news><news:publication><news:name>\(Feeds.xmlEscaped(pages.siteName))</news:name>\
                <news:language>\(Feeds.xmlEscaped(language))</news:language></news:publication>\
                <news:publication_date>\(pages.dates.machine(entry.publishedAt))</news:publication_date>\
                <news:title>\(Feeds.xmlEscaped(entry.headline))</news:title></news:news></url>

                """
        }
        return respond(request, xml + "</urlset>\n")
    }

    private func url(of entry: SitemapEntry) -> String {
        SiteURL.article(entry.slug, section: entry.sectionSlug, publishedAt: entry.publishedAt, dates: pages.dates).absolute(base: pages.baseURL)
    }

    /// Google's hreflang sitemap links: each version of a translated story lists every
    /// version, itself included.
    private func alternates(of entry: SitemapEntry) -> String {
        guard !entry.translations.isEmpty else { return "" }
        let language = pages.language
        let versions = [(entry.language ?? language, url(of: entry))]
            + entry.translations.map { ($0.language ?? language, $0.url(pages.dates).absolute(base: pages.baseURL)) }
        return versions.sorted { $0.0 < $1.0 }.map {
            "\n  <xhtml:link rel=\"alternate\" hreflang=\"\(Feeds.xmlEscaped($0.0))\" href=\"\(Feeds.xmlEscaped($0.1))\"/>"
        }.joined() + "\n"
    }

    private static var urlsetOpening: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

        """
    }

    private func respond(_ request: Request, _ xml: String, keys: [String] = [ContentChange.listingsKey]) -> Response {
        HTTPCaching.response(to: request, body: ByteBuffer(string: xml), contentType: "application/xml; charset=utf-8", lastModified: nil, keys: keys)
    }
}
