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
        routes.get("/preview/:token", use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        guard let token = context.parameters.get("token"), let id = links.articleID(token: token),
            let editable = try await editorial.editable(id: id)
        else {
            return await page.pages.errorResponse(
                to: request, status: .notFound, heading: "Preview not available",
                message: "This preview link has expired or the article was deleted. Ask for a new link."
            )
        }
        var response = try await page.response(to: request, article: editable.article, commentsPage: 1, personal: true)
        response.headers[.init("X-Robots-Tag")!] = "noindex, nofollow"
        return response
    }
}

/// `/media/NAME`: uploaded images, named by their content, so cached for a year and never revalidated.
struct MediaFileController<Context: RequestContext>: Sendable {
    let library: MediaLibrary

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/media/:file", use: file)
        return routes
    }

    @Sendable func file(_ request: Request, context: Context) async throws -> Response {
        guard let name = context.parameters.get("file"), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == ".") }),
            let (item, data) = try await library.file(named: name)
        else { throw HTTPError(.notFound) }
        let etag = "\"" + name + "\""
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "public, max-age=31536000, immutable"])
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: item.format.mediaType, .cacheControl: "public, max-age=31536000, immutable", .eTag: etag,
                .init("X-Content-Type-Options")!: "nosniff", .contentLength: String(data.count),
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
