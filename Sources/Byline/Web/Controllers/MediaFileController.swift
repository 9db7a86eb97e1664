import Foundation
import Hummingbird

/// `/media/NAME`: uploaded images, named by their content, so cached for a year and never revalidated.
struct MediaFileController<Context: RequestContext>: Sendable {
    let library: MediaLibrary

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.media(file: .key).route, use: file)
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
