import Foundation
import Hummingbird

/// `/preview/TOKEN`: an article exactly as readers will see it, before it is published, for
/// whoever holds the signed link. Never cached, never indexed.
struct PreviewController<Context: RequestContext>: Sendable {
    let page: ArticlePage
    let editorial: any EditorialRepository
    let links: PreviewLinks

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.preview(token: .key).route, use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        guard let token = context.parameters.get("token"), let id = links.articleID(token: token),
            let editable = try await editorial.editable(id: id)
        else {
            return await page.pages.errorResponse(
                to: request, status: .notFound, heading: Message("Preview not available"),
                message: Message("This preview link has expired or the article was deleted. Ask for a new link.")
            )
        }
        var response = try await page.response(to: request, article: editable.article, commentsPage: 1, personal: true)
        response.headers[.init("X-Robots-Tag")!] = "noindex, nofollow"
        return response
    }
}
