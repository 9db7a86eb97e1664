import Foundation
import GRDB

/// `WebhookRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct WebhookSQLiteRepository: WebhookRepository {
    let writer: DatabasePool

    func add(url: String, events: [WebhookEvent], secret: String, at date: Date) async throws -> Webhook {
        try await writer.write { db in
            try db.execute(literal: """
                INSERT INTO webhooks (url, events, secret, created_at) VALUES (\(url), \(events.map(\.rawValue).joined(separator: ",")), \(secret), \(date))
                """)
            return Webhook(id: db.lastInsertedRowID, url: url, events: events, secret: secret, createdAt: date)
        }
    }

    func webhooks() async throws -> [Webhook] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY id").map(Self.webhook) }
    }

    func remove(id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "DELETE FROM webhooks WHERE id = \(id)")
            return db.changesCount == 1
        }
    }

    func deliveries(webhookID: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        let filter: SQL = webhookID.map { "WHERE webhook_id = \($0)" } ?? ""
        return try await writer.read { db in
            try Row.fetchAll(db, literal: "SELECT * FROM webhook_deliveries \(filter) ORDER BY id DESC LIMIT \(limit)").map(Self.delivery)
        }
    }

    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [(WebhookDelivery, Webhook)] {
        // One write transaction at a time in SQLite: the select and the lease are one step.
        try await writer.write { db in
            let rows = try Row.fetchAll(db, literal: """
                SELECT d.*, w.url AS webhook_url, w.events AS webhook_events, w.secret AS webhook_secret, w.created_at AS webhook_created_at
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(now) AND (d.claimed_until IS NULL OR d.claimed_until < \(now))
                ORDER BY d.id LIMIT \(limit)
                """)
            let until = now.addingTimeInterval(lease)
            for row in rows { try db.execute(literal: "UPDATE webhook_deliveries SET claimed_until = \(until) WHERE id = \(row["id"] as Int64)") }
            return rows.map { row in
                (Self.delivery(row), Webhook(
                    id: row["webhook_id"], url: row["webhook_url"], events: Self.events(row["webhook_events"]), secret: row["webhook_secret"],
                    createdAt: row["webhook_created_at"]
                ))
            }
        }
    }

    func recordSuccess(id: Int64, status: Int, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(literal: """
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = \(status), last_error = NULL,
                    delivered_at = \(date), claimed_until = NULL WHERE id = \(id)
                """)
        }
    }

    func recordFailure(id: Int64, status: Int?, error: String, retryAt: Date?, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(literal: """
                UPDATE webhook_deliveries SET status = \(retryAt == nil ? "failed" : "pending"), attempts = attempts + 1, last_status = \(status),
                    last_error = \(String(error.prefix(500))), next_attempt_at = coalesce(\(retryAt), next_attempt_at), claimed_until = NULL
                WHERE id = \(id)
                """)
        }
    }

    func pruneDeliveries(before date: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(literal: "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < \(date)")
            return db.changesCount
        }
    }

    static func events(_ text: String) -> [WebhookEvent] { text.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) } }

    private static func webhook(_ row: Row) -> Webhook {
        Webhook(id: row["id"], url: row["url"], events: events(row["events"]), secret: row["secret"], createdAt: row["created_at"])
    }

    private static func delivery(_ row: Row) -> WebhookDelivery {
        WebhookDelivery(
            id: row["id"], webhookID: row["webhook_id"], event: row["event"], payload: row["payload"],
            status: WebhookDelivery.Status(rawValue: row["status"]) ?? .pending, attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
            lastStatus: row["last_status"], lastError: row["last_error"], createdAt: row["created_at"], deliveredAt: row["delivered_at"]
        )
    }
}
