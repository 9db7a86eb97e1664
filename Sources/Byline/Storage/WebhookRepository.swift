import Foundation

/// Webhooks and their delivery log. Events are written to the log in the same transaction as
/// the change they describe (an outbox), so an event is never lost and never invented.
public protocol WebhookRepository: Sendable {
    func add(url: String, events: [WebhookEvent], secret: String, at date: Date) async throws -> Webhook
    func webhooks() async throws -> [Webhook]
    /// Returns false when there is no such webhook.
    func remove(id: Int64) async throws -> Bool
    /// Newest first.
    func deliveries(webhookID: Int64?, limit: Int) async throws -> [WebhookDelivery]
    /// Leases up to `limit` due deliveries to this caller: no other node sees them until the
    /// lease ends, so each is sent by one node at a time.
    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [(WebhookDelivery, Webhook)]
    func recordSuccess(id: Int64, status: Int, at date: Date) async throws
    /// `retryAt` nil gives up on the delivery for good.
    func recordFailure(id: Int64, status: Int?, error: String, retryAt: Date?, at date: Date) async throws
    /// Forgets finished deliveries (delivered or given up) created before `date`; returns how many.
    func pruneDeliveries(before date: Date) async throws -> Int
}
