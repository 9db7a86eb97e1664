import Hummingbird
import HTTPTypes

/// The headers that limit what a browser lets a page do, on everything the site serves to
/// the public. The admin sends stricter ones of its own (`AdminViews.headers`), which win.
enum SecurityHeaders {
    /// Only the site's own scripts and styles run; a story's images may come from any HTTPS
    /// host, since imported archives point at them. JSON-LD blocks are data, not script, so
    /// `script-src 'self'` leaves them alone. Other sites may not frame the pages
    /// (clickjacking), and forms may post only here.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: https:; media-src 'self' https:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// A link followed to another site tells it which site, not which page: a reader's path
    /// through the archive stays private, and partners still see their referrals.
    static let publicFields: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        contentTypeOptions: "nosniff",
        referrerPolicy: "strict-origin-when-cross-origin",
        // For browsers that predate `frame-ancestors`.
        frameOptions: "SAMEORIGIN",
    ]

    /// Adds each of `fields` the response does not already set.
    static func add(_ fields: HTTPFields, to headers: inout HTTPFields) {
        for field in fields where headers[field.name] == nil {
            headers.append(field)
        }
    }
}

/// Sends `SecurityHeaders.publicFields` with every response the router makes: pages, feeds,
/// assets, media, API answers and errors alike.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        SecurityHeaders.add(SecurityHeaders.publicFields, to: &response.headers)
        return response
    }
}
