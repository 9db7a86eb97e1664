import Foundation
import Hummingbird

/// Answers an old site's addresses with a permanent redirect to where their content is now:
/// what an import recorded (`site_redirects`). Search engines and other sites keep linking to
/// WordPress's `/2024/03/01/slug/` and `/?p=10` for years.
struct SiteRedirectMiddleware<Context: RequestContext>: RouterMiddleware {
    let imports: any ImportRepository
    let articles: any ArticleRepository
    let pages: PageRenderer

    /// WordPress's query addresses, which reach Byline's front page rather than a 404.
    static var queryKeys: [String] { ["p", "page_id", "cat", "tag", "author", "feed"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        if request.uri.path == "/", let key = Self.queryKeys.first(where: { request.uri.queryParameters[Substring($0)] != nil }),
            let value = request.uri.queryParameters[Substring(key)],
            let response = try await redirect(from: ["/?\(key)=\(value)"])
        {
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            // WordPress's addresses end with a slash; a link may have lost it, or gained one.
            let path = request.uri.path
            var candidates = Self.withAndWithoutSlash(path)
            if let base = Self.wordPressBase(of: path) { candidates += Self.withAndWithoutSlash(base) }
            guard let response = try await redirect(from: candidates) else { throw error }
            return response
        }
    }

    private static func withAndWithoutSlash(_ path: String) -> [String] {
        (path.hasSuffix("/") ? [path, String(path.dropLast())] : [path, path + "/"]).filter { !$0.isEmpty }
    }

    /// The address a WordPress address is a part or a view of: a story's second page
    /// (`<!--nextpage-->`, which Byline shows as one page), a page of its comments, its AMP or
    /// embed view or comment feed, or an archive's later page. Old links to those are as common
    /// as links to the story itself, and they lead to where it is now.
    static func wordPressBase(of path: String) -> String? {
        var parts = path.split(separator: "/")
        func isNumber(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        func ends(_ suffix: [String]) -> Bool { parts.count > suffix.count && parts.suffix(suffix.count).elementsEqual(suffix) { $0 == $1 } }
        guard let last = parts.last else { return nil }
        if isNumber(last), parts.dropLast().last == "page" {
            // The front page's own later pages have no whole to lead to but the front page.
            guard ends(["page", String(last)]) else { return nil }
            parts.removeLast(2)
        } else if isNumber(last) || last.hasPrefix("comment-page-") && isNumber(last.dropFirst("comment-page-".count))
            || ["amp", "embed", "feed"].contains(last)
        {
            parts.removeLast()
        } else if ["rss2", "atom", "rdf"].contains(last), ends(["feed", String(last)]) {
            parts.removeLast(2)
        } else {
            return nil
        }
        return parts.isEmpty ? nil : "/" + parts.joined(separator: "/") + "/"
    }

    private func redirect(from paths: [String]) async throws -> Response? {
        for path in paths {
            guard let redirect = try await imports.redirect(path: path) else { continue }
            let location: String
            switch redirect {
            case .path(let target): location = target
            case .article(let id):
                // A story that is not (or no longer) published has no public address to send to.
                guard let article = try await articles.publishedArticle(id: id) else { return nil }
                location = SiteURL.article(article.slug, section: article.section.slug, publishedAt: article.publishedAt ?? article.updatedAt, dates: pages.dates).path
            }
            return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: HTTPCaching.pageCacheControl])
        }
        return nil
    }
}
