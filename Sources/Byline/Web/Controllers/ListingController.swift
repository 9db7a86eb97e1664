import Foundation
import Hummingbird

/// The front page and the section, tag and author pages.
struct ListingController<Context: RequestContext>: Sendable {
    let articles: any ArticleRepository
    let taxonomy: any TaxonomyRepository
    let pages: PageRenderer
    let pageSize: Int

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.front().route, use: front)
        routes.get(SiteURL.tag(.key).route, use: tag)
        routes.get(SiteURL.author(.key).route, use: author)
        routes.get(SiteURL.language(.key).route, use: language)
        routes.get(SiteURL.section(.key).route, use: section)
        return routes
    }

    @Sendable func front(_ request: Request, context: Context) async throws -> Response {
        try await listing(
            request, listing: .all, heading: pages.catalog.message("Latest news"), headingIsVisible: false, title: nil, intro: nil,
            featureFirst: true, currentSection: nil, url: { .front(page: $0) }, feedName: pages.siteName, keys: [ContentChange.listingsKey],
            describe: { [pages.structured.webSite()] }
        )
    }

    @Sendable func section(_ request: Request, context: Context) async throws -> Response {
        let slug = try context.parameters.require("section")
        guard let section = try await taxonomy.section(slug: slug) else {
            // A renamed section's old address, shared before the rename, still leads to it.
            guard let current = try await taxonomy.currentSectionSlug(forRetiredSlug: slug) else { throw HTTPError(.notFound) }
            return Self.movedPermanently(to: SiteURL.section(slug: current).path, request: request)
        }
        return try await listing(
            request, listing: .section(id: section.id), heading: section.name, title: section.name,
            intro: section.description.isEmpty ? nil : section.description, featureFirst: true,
            currentSection: section.slug, url: { .section(slug: section.slug, page: $0) }, feedName: "\(section.name) – \(pages.siteName)",
            keys: [ContentChange.sectionKey(section.id)],
            describe: {
                [self.pages.structured.breadcrumbs([
                    (self.pages.catalog.message("Home"), SiteURL.front().absolute(base: self.pages.baseURL)), (section.name, SiteURL.section(slug: section.slug).absolute(base: self.pages.baseURL)),
                ])]
            }
        )
    }

    @Sendable func tag(_ request: Request, context: Context) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let tag = try await taxonomy.tag(slug: slug) else {
            guard let current = try await taxonomy.currentTagSlug(forRetiredSlug: slug) else { throw HTTPError(.notFound) }
            return Self.movedPermanently(to: SiteURL.tag(slug: current).path, request: request)
        }
        return try await listing(
            request, listing: .tag(id: tag.id), heading: tag.name, title: pages.catalog.message("{tag}: latest stories", ["tag": tag.name]), intro: nil,
            featureFirst: false, currentSection: nil, url: { .tag(slug: tag.slug, page: $0) }, feedName: "\(tag.name) – \(pages.siteName)",
            keys: [ContentChange.tagKey(tag.id)],
            describe: { [] }
        )
    }

    @Sendable func author(_ request: Request, context: Context) async throws -> Response {
        guard let author = try await taxonomy.author(slug: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
        return try await listing(
            request, listing: .author(id: author.id), heading: author.name, title: author.name,
            intro: author.bio.isEmpty ? nil : author.bio, featureFirst: false, currentSection: nil,
            url: { .author(slug: author.slug, page: $0) }, feedName: "\(author.name) – \(pages.siteName)", keys: [ContentChange.authorKey(author.id)],
            describe: { [self.pages.structured.person(author)] }
        )
    }

    /// `/language/fr`: the newest stories in French, originals and translations, with the
    /// page itself in French (its catalog, dates, `lang` and direction) whatever the site's
    /// language. A language with no published story has no page.
    @Sendable func language(_ request: Request, context: Context) async throws -> Response {
        let given = try context.parameters.require("language")
        guard let tag = LanguageTag.normalized(given) else { throw HTTPError(.notFound) }
        if tag != given { return Self.movedPermanently(to: SiteURL.language(tag).path, request: request) }
        let pages = self.pages.speaking(tag)
        let name = LanguageTag.nativeName(of: tag)
        return try await listing(
            request, listing: Self.listing(inLanguage: tag, site: self.pages.language), heading: pages.catalog.message("Latest news"), title: name,
            intro: nil, featureFirst: true, currentSection: nil, url: { .language(tag, page: $0) }, feedName: "\(pages.siteName) (\(name))",
            keys: [ContentChange.listingsKey], pages: pages, emptyIsMissing: true,
            describe: { [] }
        )
    }

    static func listing(inLanguage tag: String, site: String) -> ArticleListing {
        .language(tag, includesUnnamed: LanguageTag.same(tag, site))
    }

    static func movedPermanently(to path: String, request: Request) -> Response {
        let query = request.uri.query.map { "?" + $0 } ?? ""
        return Response(status: .movedPermanently, headers: [.location: path + query, .cacheControl: HTTPCaching.pageCacheControl])
    }

    private func listing(
        _ request: Request, listing: ArticleListing, heading: String, headingIsVisible: Bool = true, title: String?,
        intro: String?, featureFirst: Bool, currentSection: String?, url: (Int) -> SiteURL, feedName: String, keys: [String],
        pages: PageRenderer? = nil, emptyIsMissing: Bool = false, describe: () -> [JSONValue]
    ) async throws -> Response {
        let pages = pages ?? self.pages
        guard let number = request.pageNumber else { throw HTTPError(.notFound) }
        let stories = try await articles.publishedSummaries(listing, page: PageRequest(number: number, size: pageSize))
        // Page 1 of an empty listing is a real (empty) page; any page after the last is not.
        guard !(stories.isBeyondEnd && number > 1), !(emptyIsMissing && stories.items.isEmpty) else { throw HTTPError(.notFound) }
        let pageTitle = number > 1 ? pages.numbered(title ?? heading, page: number) : title
        var meta = pages.meta(title: pageTitle, description: intro, url: url(number))
        let base = pages.baseURL
        let data = pages.structured
        let storyURLs = stories.items.map {
            SiteURL.article($0.slug, section: $0.section.slug, publishedAt: $0.publishedAt, dates: pages.dates).absolute(base: base)
        }
        meta.jsonLD = (describe() + [data.itemList(storyURLs, name: pageTitle ?? heading)]).map(StructuredData.script)
        meta.metaTags = data.listingTags(title: meta.title, description: intro, url: url(number).absolute(base: base))
        meta.feeds = FeedController<Context>.links(for: url(1), name: feedName, catalog: pages.catalog)
        let model = ListingPageModel(
            site: try await pages.chrome(currentSection: currentSection),
            page: meta,
            heading: heading, headingIsVisible: headingIsVisible, intro: intro, stories: stories,
            featureFirst: featureFirst, dates: pages.dates, catalog: pages.catalog, url: url
        )
        return pages.respond(to: request, with: model, as: .listing, lastModified: stories.items.map(\.updatedAt).max(), keys: keys)
    }
}
