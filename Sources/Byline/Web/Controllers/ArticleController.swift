import Foundation
import Hummingbird

/// The article page, and the redirects that keep old article URLs working.
struct ArticleController<Context: RequestContext>: Sendable {
    let page: ArticlePage

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.article(section: .key, year: .key, month: .key, day: .key, slug: .key).route, use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let article = try await page.published(slug: slug) else {
            // A killed story's address says so, and that it is gone for good: search engines
            // drop a 410 at once, and readers who followed a link learn what happened.
            if let withdrawn = try await page.articles.withdrawnArticle(slug: slug) {
                let values = ["headline": withdrawn.headline, "date": page.pages.dates.readable(withdrawn.withdrawnAt)]
                let message = withdrawn.credit.map {
                    Message("“{headline}” was withdrawn by {credit} on {date}. It is no longer available.", values.merging(["credit": $0]) { a, _ in a })
                } ?? Message("“{headline}” was withdrawn on {date}. It is no longer available.", values)
                return await page.pages.errorResponse(to: request, status: .gone, heading: Message("This story was withdrawn"), message: message)
            }
            throw HTTPError(.notFound)
        }
        let canonical = page.canonicalURL(of: article)
        // A renamed slug, a moved section or a mistyped date all lead to the one canonical address.
        guard request.uri.path == canonical.path else {
            return Response(status: .movedPermanently, headers: [.location: canonical.path, .cacheControl: HTTPCaching.pageCacheControl])
        }
        guard let commentsPage = request.commentsPage else { throw HTTPError(.notFound) }
        return try await page.response(to: request, article: article, commentsPage: commentsPage)
    }
}

extension Request {
    /// `?cpage=` (WordPress's name): the page of the discussion.
    var commentsPage: Int? {
        guard let text = uri.queryParameters.get("cpage") else { return 1 }
        guard let number = Int(text), number >= 1, number <= 100_000 else { return nil }
        return number
    }
}
