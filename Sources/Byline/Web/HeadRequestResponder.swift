import Hummingbird

/// Answers HEAD like GET without the body, as RFC 9110 §9.3.2 requires: monitors, link
/// checkers and caches use HEAD, while routes are registered for GET only.
///
/// It wraps the router rather than sitting in it, because the router picks a route by
/// method before any of its middleware runs.
struct HeadRequestResponder<Base: HTTPResponder>: HTTPResponder {
    typealias Context = Base.Context
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        // Keep the length the GET would have had, and send no bytes.
        let length = response.body.contentLength ?? response.headers[.contentLength].flatMap { Int($0) } ?? 0
        response.body = ResponseBody(contentLength: length) { _ in }
        return response
    }
}
