import Foundation
import Hummingbird

/// The article page, and the redirects that keep old article URLs working.
struct ArticleController<Context: RequestContext>: Sendable {
    let articles: any ArticleRepository
    let pages: PageRenderer
    let body: ArticleBodyRenderer

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.Route.article, use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let article = try await published(slug: slug), let publishedAt = article.publishedAt else {
            throw HTTPError(.notFound)
        }
        let canonical = SiteURL.article(article.slug, section: article.section.slug, publishedAt: publishedAt, dates: pages.dates)
        // A renamed slug, a moved section or a mistyped date all lead to the one canonical address.
        guard request.uri.path == canonical.path else {
            return Response(status: .movedPermanently, headers: [.location: canonical.path, .cacheControl: HTTPCaching.pageCacheControl])
        }
        let now = Date()
        let model = ArticlePageModel(
            article: article, site: try await pages.chrome(currentSection: article.section.slug, now: now),
            page: pages.meta(title: article.headline, description: article.dek, url: canonical), dates: pages.dates, body: body, now: now
        )
        return pages.respond(to: request, with: model, as: .article, lastModified: article.updatedAt)
    }

    private func published(slug: String) async throws -> Article? {
        if let article = try await articles.publishedArticle(slug: slug) { return article }
        guard let current = try await articles.currentSlug(forRetiredSlug: slug) else { return nil }
        return try await articles.publishedArticle(slug: current)
    }
}
