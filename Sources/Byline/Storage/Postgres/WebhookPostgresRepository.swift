import Foundation
import PostgresNIO

/// `WebhookRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct WebhookPostgresRepository: WebhookRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    func add(url: String, events: [WebhookEvent], secret: String, at date: Date) async throws -> Webhook {
        try await database.withConnection { connection in
            let id = try await connection.scalar("""
                INSERT INTO webhooks (url, events, secret, created_at) VALUES (\(url), \(events.map(\.rawValue).joined(separator: ",")), \(secret), \(date))
                RETURNING id
                """, as: Int64.self, logger: logger)!
            return Webhook(id: id, url: url, events: events, secret: secret, createdAt: date)
        }
    }

    func webhooks() async throws -> [Webhook] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM webhooks ORDER BY id", logger: logger).map {
                Webhook(
                    id: try $0.value("id"), url: try $0.value("url"), events: WebhookSQLiteRepository.events(try $0.value("events")),
                    secret: try $0.value("secret"), createdAt: try $0.value("created_at")
                )
            }
        }
    }

    func remove(id: Int64) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.rows("DELETE FROM webhooks WHERE id = \(id) RETURNING id", logger: logger).count == 1
        }
    }

    func deliveries(webhookID: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        try await database.withConnection { connection in
            try await connection.rows("""
                SELECT * FROM webhook_deliveries WHERE (\(webhookID)::bigint IS NULL OR webhook_id = \(webhookID)) ORDER BY id DESC LIMIT \(Int64(limit))
                """, logger: logger).map(Self.delivery)
        }
    }

    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [(WebhookDelivery, Webhook)] {
        let until = now.addingTimeInterval(lease)
        return try await database.withTransaction { connection in
            // SKIP LOCKED: nodes claiming at the same moment take different deliveries.
            let rows = try await connection.rows("""
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= \(now) AND (claimed_until IS NULL OR claimed_until < \(now))
                    ORDER BY id LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
                )
                UPDATE webhook_deliveries d SET claimed_until = \(until) FROM due, webhooks w
                WHERE d.id = due.id AND w.id = d.webhook_id
                RETURNING d.*, w.url AS webhook_url, w.events AS webhook_events, w.secret AS webhook_secret, w.created_at AS webhook_created_at
                """, logger: logger)
            return try rows.map { row in
                (try Self.delivery(row), Webhook(
                    id: try row.value("webhook_id"), url: try row.value("webhook_url"),
                    events: WebhookSQLiteRepository.events(try row.value("webhook_events")), secret: try row.value("webhook_secret"),
                    createdAt: try row.value("webhook_created_at")
                ))
            }.sorted { $0.0.id < $1.0.id }
        }
    }

    func recordSuccess(id: Int64, status: Int, at date: Date) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query("""
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = \(Int32(status)), last_error = NULL,
                    delivered_at = \(date), claimed_until = NULL WHERE id = \(id)
                """, logger: logger)
        }
    }

    func recordFailure(id: Int64, status: Int?, error: String, retryAt: Date?, at date: Date) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query("""
                UPDATE webhook_deliveries SET status = \(retryAt == nil ? "failed" : "pending"), attempts = attempts + 1,
                    last_status = \(status.map { Int32($0) }), last_error = \(String(error.prefix(500))),
                    next_attempt_at = coalesce(\(retryAt), next_attempt_at), claimed_until = NULL
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    func pruneDeliveries(before date: Date) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.rows(
                "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < \(date) RETURNING id", logger: logger
            ).count
        }
    }

    private static func delivery(_ row: PostgresRandomAccessRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.value("id"), webhookID: try row.value("webhook_id"), event: try row.value("event"), payload: try row.value("payload"),
            status: WebhookDelivery.Status(rawValue: try row.value("status")) ?? .pending, attempts: Int(try row.value("attempts", as: Int32.self)),
            nextAttemptAt: try row.value("next_attempt_at"), lastStatus: try row.value("last_status", as: Int32?.self).map(Int.init),
            lastError: try row.value("last_error"), createdAt: try row.value("created_at"), deliveredAt: try row.value("delivered_at")
        )
    }
}
