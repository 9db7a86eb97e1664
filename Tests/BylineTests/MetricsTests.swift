@testable import Byline
import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import Testing

@Suite("Metrics")
struct MetricsTests {
    @Test func theMetricsListenerServesTheRegistryAndWantsItsToken() async throws {
        let registry = PrometheusCollectorRegistry()
        Metrics.Counter(label: "byline_comments_total", dimensions: [("outcome", "held"), ("reason", "rules")], factory: PrometheusMetricsFactory(registry: registry))
            .increment(by: 3)
        let app = Application(router: MetricsServer.router(registry: registry, token: "a-token-sixteen-chars"))
        try await app.test(.router) { client in
            let anonymous = try await client.execute(uri: "/metrics", method: .get)
            #expect(anonymous.status == .unauthorized && anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer a-token-sixteen-charz"])
            #expect(wrong.status == .unauthorized)
            let scraped = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer a-token-sixteen-chars"])
            #expect(scraped.status == .ok)
            #expect(scraped.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(scraped.text.contains("# TYPE byline_comments_total counter"))
            #expect(scraped.text.contains(#"byline_comments_total{outcome="held",reason="rules"} 3"#))
        }
    }

    @Test func withoutATokenTheLoopbackListenerIsOpenToItsMachine() async throws {
        let registry = PrometheusCollectorRegistry()
        try await Application(router: MetricsServer.router(registry: registry, token: nil)).test(.router) { client in
            let open = try await client.execute(uri: "/metrics", method: .get)
            #expect(open.status == .ok)
        }
        let defaults = try Byline.Configuration.resolve(.init(), environment: [:])
        #expect(defaults.metrics == nil, "off unless asked for")
        var input = Byline.Configuration.Input()
        input[.metricsPort] = "9464"
        #expect(try Byline.Configuration.resolve(input, environment: [:]).metrics == MetricsServer.Settings(host: "127.0.0.1", port: 9464, token: nil))
        input[.metricsToken] = "short"
        #expect(throws: Byline.Configuration.Error.self) { _ = try Byline.Configuration.resolve(input, environment: [:]) }
    }

    /// Labels come from a fixed vocabulary, whatever a commenter typed or a rule said.
    @Test func aCommentsOutcomeIsCountedInFixedWords() {
        let outcomes: [(CommentPoster.Outcome, String, String)] = [
            (.silentlyDropped, "spam", "honeypot"), (.closed, "refused", "closed"), (.banned, "refused", "banned"),
            (.tooSoon(retryAfter: 5), "refused", "too_soon"), (.rateLimited(retryAfter: 9), "refused", "rate_limited"),
            (.duplicate, "refused", "duplicate"),
        ]
        for (outcome, name, reason) in outcomes {
            #expect(outcome.metric == (name, reason))
        }
    }
}
