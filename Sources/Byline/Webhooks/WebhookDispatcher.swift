import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle

/// Sends due webhook deliveries, on every node. A delivery is leased to one node while it is
/// sent, so nodes don't send it twice; if a node dies mid-send the lease runs out and another
/// node tries again, so a receiver may rarely see a delivery twice and should use the
/// `X-Byline-Delivery` header to ignore repeats.
public struct WebhookDispatcher: Service {
    /// Sends one request and answers the HTTP status; throws when nothing came back.
    public typealias Send = @Sendable (URLRequest) async throws -> Int

    let webhooks: any WebhookRepository
    let send: Send
    let logger: Logger
    var tick: Duration = .seconds(2)
    /// Longer than a request can take, so a lease never ends while its node is still sending.
    static let lease: TimeInterval = 60

    /// Deliveries go to addresses `targets` allows, unless a test gives `send` instead.
    public init(webhooks: any WebhookRepository, logger: Logger, targets: WebhookTargets = WebhookTargets(), send: Send? = nil) {
        self.webhooks = webhooks
        self.logger = logger
        self.send = send ?? WebhookClient(targets: targets).send
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await deliverDue(at: Date())
            } catch {
                logger.warning("webhook deliveries could not be read", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: tick)
        }
    }

    /// Sends what is due now; returns how many deliveries were attempted.
    @discardableResult
    public func deliverDue(at now: Date) async throws -> Int {
        let due = try await webhooks.claimDue(at: now, lease: Self.lease, limit: 20)
        await withTaskGroup(of: Void.self) { group in
            for (delivery, webhook) in due {
                group.addTask { await self.attempt(delivery, to: webhook, at: now) }
            }
        }
        return due.count
    }

    private func attempt(_ delivery: WebhookDelivery, to webhook: Webhook, at now: Date) async {
        guard let url = URL(string: webhook.url) else {
            try? await webhooks.recordFailure(id: delivery.id, status: nil, error: "not a URL", retryAt: nil, at: now)
            return
        }
        let body = Data(delivery.payload.utf8)
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Byline-Webhooks/1", forHTTPHeaderField: "User-Agent")
        request.setValue(delivery.event, forHTTPHeaderField: "X-Byline-Event")
        request.setValue(String(delivery.id), forHTTPHeaderField: "X-Byline-Delivery")
        request.setValue(WebhookSignature.header(body: body, secret: webhook.secret, at: Date()), forHTTPHeaderField: "X-Byline-Signature")
        let retryAt = WebhookSignature.retryAt(attempts: delivery.attempts + 1, createdAt: delivery.createdAt, now: now)
        do {
            let status = try await send(request)
            SiteMetrics.webhookDelivery(result: (200..<300).contains(status) ? "delivered" : "failed")
            if (200..<300).contains(status) {
                try await webhooks.recordSuccess(id: delivery.id, status: status, at: Date())
            } else {
                try await webhooks.recordFailure(id: delivery.id, status: status, error: "HTTP \(status)", retryAt: retryAt, at: Date())
            }
        } catch {
            // A refused address is logged like any failure and tried again later: the name
            // may resolve somewhere allowed by then, and every try is checked again.
            SiteMetrics.webhookDelivery(result: error is WebhookTargets.Refusal ? "refused" : "failed")
            if error is WebhookTargets.Refusal {
                logger.warning("webhook delivery refused", metadata: ["webhook": "\(webhook.id)", "reason": "\(error)"])
            }
            try? await webhooks.recordFailure(id: delivery.id, status: nil, error: "\(error)", retryAt: retryAt, at: Date())
        }
    }
}
