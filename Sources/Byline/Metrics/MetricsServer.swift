import Hummingbird
import Logging
import Prometheus

/// `/metrics` in Prometheus' text format, on a listener of its own (`--metrics-port`, on
/// loopback unless `--metrics-host` says otherwise), never on the site's port: what a site is
/// doing is for its operators. With `--metrics-token` a scraper must also send
/// `Authorization: Bearer TOKEN`, for a listener other machines can reach.
public enum MetricsServer {
    public struct Settings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var token: String?
    }

    public static func router(registry: PrometheusCollectorRegistry, token: String?) -> Router<BasicRequestContext> {
        let router = Router()
        router.get(SiteURL.metrics.route) { request, _ -> Response in
            if let token {
                let sent = request.headers[.authorization] ?? ""
                guard Signer.constantTimeEquals(sent, "Bearer " + token) else {
                    return Response(
                        status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\"", .contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "a metrics token is required\n"))
                    )
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return router
    }

    public static func application(registry: PrometheusCollectorRegistry, settings: Settings, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(registry: registry, token: settings.token),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Byline"),
            onServerRunning: { channel in logger.info("metrics on http://\(settings.host):\(channel.localAddress?.port ?? settings.port)/metrics") },
            logger: logger
        )
    }
}
