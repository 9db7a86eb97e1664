import Foundation
import Hummingbird

/// Who may call the API and how often: the bearer token a write needs, and the rate limit
/// every request counts against. One gate for every API controller, so a token's writes are
/// counted together wherever they go.
struct APIGate: Sendable {
    let tokens: APITokenAdministration
    let limiter: RateLimiter
    let pages: PageRenderer

    func authenticate(_ request: Request) async throws -> APIToken {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError(.unauthorized, "unauthorized", "Send an API token: Authorization: Bearer byl_… (an administrator creates one with byline tokens create).")
        }
        guard let token = try await tokens.authenticate(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unauthorized, "unauthorized", "That API token is not valid, or it was revoked.")
        }
        return token
    }

    func throttle(_ request: Request, remoteAddress: String?, token: APIToken?) throws {
        let key = token.map { "token:\($0.id)" } ?? "ip:" + (remoteAddress ?? "unknown")
        let writes = pages.live.current.apiRateLimit
        let limit = token == nil ? writes * 5 : writes
        if let retryAfter = limiter.take(key, limit: limit) {
            throw APIError(.tooManyRequests, "rate_limited", "Too many requests; try again in \(retryAfter) seconds.", retryAfter: retryAfter)
        }
    }
}

/// Counts every read of the API against its client's rate limit before anything answers it,
/// the API's cache included, so that a cached answer costs a client as much as a fresh one.
/// Writes are counted by their handlers, against the token they authenticate with.
struct APIReadGate<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let gate: APIGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get { try gate.throttle(request, remoteAddress: context.remoteAddress?.ipAddress, token: nil) }
        return try await next(request, context)
    }
}
