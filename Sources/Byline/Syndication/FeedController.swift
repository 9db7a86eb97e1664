import Foundation
import Hummingbird

/// Feeds for feed readers: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each
/// section, tag and author, and Atom feeds of approved comments.
///
/// `/feed.rss`, `/world/feed.atom`, `/tag/energy/feed.json`, `/author/mara-lindqvist/feed.rss`,
/// `/comments/feed.atom`, and `ARTICLE-URL/comments.atom`.
struct FeedController<Context: RequestContext>: Sendable {
    let articles: any ArticleRepository
    let taxonomy: any TaxonomyRepository
    let comments: any CommentRepository
    let pages: PageRenderer
    let body = ArticleBodyRenderer()

    static var itemCount: Int { 20 }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for format in Feeds.Format.allCases {
            routes.get(SiteURL.feed(of: .front(), format).route) { request, _ in
                try await self.respond(
                    request, format: format, listing: .all, title: self.pages.siteName, page: .front(), subtitle: "Latest news", keys: [ContentChange.listingsKey]
                )
            }
            routes.get(SiteURL.feed(of: .section(.key), format).route) { request, context in
                guard let section = try await self.taxonomy.section(slug: try context.parameters.require("section")) else { throw HTTPError(.notFound) }
                return try await self.respond(
                    request, format: format, listing: .section(id: section.id), title: "\(section.name) – \(self.pages.siteName)",
                    page: .section(slug: section.slug), subtitle: section.description.isEmpty ? nil : section.description,
                    keys: [ContentChange.sectionKey(section.id)]
                )
            }
            routes.get(SiteURL.feed(of: .tag(.key), format).route) { request, context in
                guard let tag = try await self.taxonomy.tag(slug: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
                return try await self.respond(
                    request, format: format, listing: .tag(id: tag.id), title: "\(tag.name) – \(self.pages.siteName)", page: .tag(slug: tag.slug),
                    subtitle: nil, keys: [ContentChange.tagKey(tag.id)]
                )
            }
            routes.get(SiteURL.feed(of: .author(.key), format).route) { request, context in
                guard let author = try await self.taxonomy.author(slug: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
                return try await self.respond(
                    request, format: format, listing: .author(id: author.id), title: "\(author.name) – \(self.pages.siteName)",
                    page: .author(slug: author.slug), subtitle: author.bio.isEmpty ? nil : author.bio,
                    keys: [ContentChange.authorKey(author.id)]
                )
            }
            routes.get(SiteURL.feed(of: .language(.key), format).route) { request, context in
                guard let tag = LanguageTag.normalized(try context.parameters.require("language")) else { throw HTTPError(.notFound) }
                return try await self.respond(
                    request, format: format, listing: ListingController<Context>.listing(inLanguage: tag, site: self.pages.language),
                    title: "\(self.pages.siteName) (\(LanguageTag.nativeName(of: tag)))", page: .language(tag), subtitle: nil,
                    keys: [ContentChange.listingsKey], language: tag
                )
            }
        }
        routes.get(SiteURL.siteCommentsFeed.route, use: siteComments)
        routes.get(SiteURL.commentsFeed(of: .article(section: .key, year: .key, month: .key, day: .key, slug: .key)).route, use: articleComments)
        return routes
    }

    /// The feed links a page advertises with `<link rel="alternate">`.
    static func links(for page: SiteURL, name: String, catalog: MessageCatalog) -> [FeedLink] {
        Feeds.Format.allCases.map {
            FeedLink(title: catalog.message("{name} ({format})", ["name": name, "format": $0.title]), type: $0.linkType, url: SiteURL.feed(of: page, $0).path)
        }
    }

    private func respond(
        _ request: Request, format: Feeds.Format, listing: ArticleListing, title: String, page: SiteURL, subtitle: String?, keys: [String],
        language: String? = nil
    ) async throws -> Response {
        let base = pages.baseURL
        let configuration = pages.live.current
        let summaries = try await articles.publishedSummaries(listing, page: PageRequest(number: 1, size: Self.itemCount))
        var items: [FeedModel.Item] = []
        for summary in summaries.items {
            guard let article = try await articles.publishedArticle(id: summary.id) else { continue }
            items.append(item(for: article, base: base, fullText: configuration.feedFullText, feedLanguage: language ?? pages.language))
        }
        let feed = FeedModel(
            title: title, subtitle: subtitle, homeURL: page.absolute(base: base), feedURL: SiteURL.feed(of: page, format).absolute(base: base),
            language: language ?? pages.language, items: items, icon: SiteURL.asset("img/favicon.svg").absolute(base: base)
        )
        return respond(request, feed: feed, format: format, keys: keys)
    }

    private func item(for article: Article, base: String, fullText: Bool, feedLanguage: String) -> FeedModel.Item {
        let url = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: pages.dates)
            .absolute(base: base)
        var html = ""
        if let image = article.leadImage {
            html += "<figure><img src=\"\(SiteURL.absolute(image.src, base: base).htmlEscaped)\" alt=\"\(image.alt.htmlEscaped)\" width=\"\(image.width)\" height=\"\(image.height)\">"
            if let caption = image.caption { html += "<figcaption>\(caption.htmlEscaped)</figcaption>" }
            html += "</figure>\n"
        }
        html += body.html(from: article.bodyMarkdown, linkingFrom: base)
        for correction in article.corrections {
            html += "\n<p><strong>\(correction.kind.label.htmlEscaped):</strong> \(correction.text.htmlEscaped)</p>"
        }
        if let credit = article.credit.creditLine { html += "\n<p>\(credit.htmlEscaped)</p>" }
        return FeedModel.Item(
            id: url, url: url, title: article.headline, summary: article.dek, contentHTML: fullText ? html : nil,
            authors: article.authors.map { .init(name: $0.name, url: SiteURL.author(slug: $0.slug).absolute(base: base)) },
            published: article.publishedAt ?? article.updatedAt, updated: article.updatedAt,
            categories: [article.section.name] + article.tags.map(\.name),
            image: article.leadImage.map { SiteURL.absolute($0.src, base: base) },
            language: article.language.flatMap { $0.caseInsensitiveCompare(feedLanguage) == .orderedSame ? nil : $0 }
        )
    }

    @Sendable func siteComments(_ request: Request, context: Context) async throws -> Response {
        let recent = try await comments.recentApproved(articleID: nil, limit: 50)
        return commentFeed(
            request, recent, title: "Comments – \(pages.siteName)", homePath: SiteURL.front().path, feedPath: SiteURL.siteCommentsFeed.path, keys: [ContentChange.allCommentsKey]
        )
    }

    @Sendable func articleComments(_ request: Request, context: Context) async throws -> Response {
        guard let article = try await articles.publishedArticle(slug: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
        let page = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: pages.dates)
        let recent = try await comments.recentApproved(articleID: article.id, limit: 100)
        return commentFeed(
            request, recent, title: "Comments on “\(article.headline)”", homePath: page.path, feedPath: SiteURL.commentsFeed(of: page).path,
            keys: [ContentChange.articleKey(article.id), ContentChange.commentsKey(article.id)]
        )
    }

    private func commentFeed(
        _ request: Request, _ recent: [FeedComment], title: String, homePath: String, feedPath: String, keys: [String]
    ) -> Response {
        let base = pages.baseURL
        let items = recent.map { comment in
            let articleURL = SiteURL.article(comment.article.slug, section: comment.article.sectionSlug, publishedAt: comment.article.publishedAt, dates: pages.dates)
                .absolute(base: base)
            let url = articleURL + "#comment-\(comment.id)"
            return FeedModel.Item(
                id: url, url: url, title: "\(comment.authorName) on “\(comment.article.headline)”", summary: nil,
                contentHTML: TextCache.comments.rendered(comment.body),
                authors: [.init(name: comment.isStaff ? "\(comment.authorName) (Staff)" : comment.authorName, url: comment.authorURL)],
                published: comment.createdAt, updated: comment.createdAt, categories: [], image: nil
            )
        }
        let feed = FeedModel(
            title: title, subtitle: nil, homeURL: base + homePath, feedURL: base + feedPath, language: pages.language, items: items,
            icon: SiteURL.asset("img/favicon.svg").absolute(base: base)
        )
        return respond(request, feed: feed, format: .atom, keys: keys)
    }

    private func respond(_ request: Request, feed: FeedModel, format: Feeds.Format, keys: [String]) -> Response {
        Self.response(to: request, feed: feed, format: format, keys: keys)
    }

    /// A feed, with the caching headers every feed gets.
    static func response(to request: Request, feed: FeedModel, format: Feeds.Format, keys: [String]) -> Response {
        HTTPCaching.response(
            to: request, body: ByteBuffer(string: Feeds.render(feed, as: format)), contentType: format.contentType,
            lastModified: feed.items.isEmpty ? nil : feed.updated, keys: keys
        )
    }
}

/// A feed a page advertises.
struct FeedLink: TemplateModel {
    var title: String
    var type: String
    var url: String

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "title": .value(title)
        case "type": .value(type)
        case "url": .value(url)
        default: .unknown
        }
    }
}
