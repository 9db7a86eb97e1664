import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (it can also reach its database), for
/// load balancers and orchestrators. Neither is ever cached.
struct HealthController<Context: RequestContext>: Sendable {
    let health: any DatabaseHealth

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(SiteURL.live.route, use: live)
        routes.get(SiteURL.ready.route, use: ready)
        return routes
    }

    @Sendable func live(_ request: Request, context: Context) async throws -> Response {
        Self.plain(.ok, "ok\n")
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        do {
            try await health.checkReady()
            return Self.plain(.ok, "ready\n")
        } catch {
            context.logger.warning("not ready", metadata: ["error": .string("\(error)")])
            var response = Self.plain(.serviceUnavailable, "database unavailable\n")
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
