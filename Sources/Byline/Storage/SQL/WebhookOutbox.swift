import Foundation

/// Webhook deliveries are written in the transaction of the change they report (an outbox), so
/// that a change is never committed without its event nor an event sent for a change that
/// rolled back. The dispatcher sends them afterwards.
enum WebhookOutbox {
    /// One delivery per webhook subscribed to `event`, due at `due` (now unless given).
    static func enqueue(_ event: WebhookEvent, payload: String, at now: Date, due: Date? = nil, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("""
            INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at)
            SELECT id, \(event.rawValue), \(payload), \(due ?? now), \(now) FROM webhooks
            WHERE ',' || events || ',' LIKE \(WebhookPayload.subscription(event))
            """)
    }

    /// The `cache.purge` delivery for a change, due a moment later so that every node has
    /// dropped its copy before the CDN asks again.
    static func queuePurge(_ change: ContentChange, at now: Date, _ transaction: any StorageTransaction) async throws {
        try await enqueue(.cachePurge, payload: WebhookPayload.purge(change, at: now), at: now, due: now + WebhookPayload.purgeDelay, transaction)
    }
}
