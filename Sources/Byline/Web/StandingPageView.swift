import Foundation
import Hummingbird

/// A standing page as readers see it, wherever its route is: the section route for a
/// one-level path (`/about/`), the page routes below that.
struct StandingPageView: Sendable {
    let pages: any PageRepository
    let renderer: PageRenderer

    /// The page at this path, or nil when none is published there. `/about` leads to
    /// `/about/`, so each page has one address.
    func response(to request: Request, path requested: String) async throws -> Response? {
        let path = requested.hasSuffix("/") ? requested : requested + "/"
        guard let page = try await pages.publishedPage(path: path) else { return nil }
        guard requested == path else {
            return Response(status: .movedPermanently, headers: [.location: path, .cacheControl: HTTPCaching.pageCacheControl])
        }
        var trail: [(name: String, url: String)] = [(renderer.catalog.message("Home"), SiteURL.front().absolute(base: renderer.baseURL))]
        var parents: [LinkModel] = []
        var ancestor = page.parentID
        while let id = ancestor, let parent = try await pages.page(id: id) {
            parents.insert(LinkModel(name: parent.title, url: SiteURL.page(path: parent.path).path), at: 0)
            ancestor = parent.parentID
        }
        trail += parents.map { ($0.name, renderer.baseURL + $0.url) }
        trail.append((page.title, SiteURL.page(path: page.path).absolute(base: renderer.baseURL)))
        let body = ArticleBodyRenderer().rendered(page.bodyMarkdown)
        var meta = renderer.meta(title: page.title, description: Self.description(body.plainText), url: SiteURL.page(path: page.path))
        meta.jsonLD = [renderer.structured.breadcrumbs(trail)].map(StructuredData.script)
        let model = StandingPageModel(
            site: try await renderer.chrome(currentPage: page.path), page: meta, title: page.title, bodyHTML: body.html, parents: parents,
            updated: TimeModel(page.updatedAt, renderer.dates))
        return renderer.respond(to: request, with: model, as: .page, lastModified: page.updatedAt, keys: [ContentChange.pageKey(page.id)])
    }

    /// The first words, for search results' snippet.
    static func description(_ text: String) -> String? { text.leadingWords(upTo: 160, marking: true) }
}

struct StandingPageModel: TemplateModel {
    var site: SiteChrome
    var page: PageMeta
    var title: String
    var bodyHTML: String
    /// The pages above it, from the top: its breadcrumb trail.
    var parents: [LinkModel]
    var updated: TimeModel

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "title": .value(title)
        case "bodyHTML": .value(bodyHTML)
        case "parents": .value(parents)
        case "hasParents": .value(!parents.isEmpty)
        case "updated": .value(updated)
        default: .unknown
        }
    }
}

/// Serves a standing page where no route had anything: pages' paths are the newsroom's
/// to choose, one to three levels deep, and `/about/` has a section's shape. Added inside
/// the page cache, so a page is cached like a story.
struct StandingPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let view: StandingPageView

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            let depth = request.uri.path.split(separator: "/").count
            guard request.method == .get || request.method == .head, (1...StandingPage.maximumDepth).contains(depth),
                let response = try await view.response(to: request, path: request.uri.path)
            else { throw error }
            return response
        }
    }
}
