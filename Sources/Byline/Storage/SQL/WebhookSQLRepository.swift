import Foundation

/// `WebhookRepository` written once for both backends. Every `\(value)` is a bound parameter.
struct WebhookSQLRepository: WebhookRepository {
    let database: any SQLDatabase

    func add(url: String, events: [WebhookEvent], secret: String, at date: Date) async throws -> Webhook {
        try await database.write { transaction in
            let id = try await transaction.insertedID("""
                INSERT INTO webhooks (url, events, secret, created_at)
                VALUES (\(url), \(events.map(\.rawValue).joined(separator: ",")), \(secret), \(date)) RETURNING id
                """)
            return Webhook(id: id, url: url, events: events, secret: secret, createdAt: date)
        }
    }

    func webhooks() async throws -> [Webhook] {
        try await database.read { queries in
            try await queries.query("SELECT * FROM webhooks ORDER BY id", table: "webhooks").map {
                try Self.webhook($0, id: "id", url: "url", events: "events", secret: "secret", createdAt: "created_at")
            }
        }
    }

    func remove(id: Int64) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query("DELETE FROM webhooks WHERE id = \(id) RETURNING id", table: "webhooks").count == 1
        }
    }

    func deliveries(webhookID: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        let filter: SQLStatement = webhookID.map { "WHERE webhook_id = \($0)" } ?? ""
        return try await database.read { queries in
            try await queries.query("SELECT * FROM webhook_deliveries \(filter) ORDER BY id DESC LIMIT \(limit)", table: "webhook_deliveries")
                .map(Self.delivery)
        }
    }

    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [(WebhookDelivery, Webhook)] {
        try await database.write { transaction in
            // On PostgreSQL, SKIP LOCKED: nodes claiming at the same moment take different
            // deliveries. SQLite has one writer at a time, so the select and the lease are one step.
            let due = try await transaction.query("""
                SELECT id FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= \(now) AND (claimed_until IS NULL OR claimed_until < \(now))
                ORDER BY id LIMIT \(limit) \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE SKIP LOCKED"))
                """, table: "webhook_deliveries").map { try $0.decode("id", as: Int64.self) }
            guard !due.isEmpty else { return [] }
            try await transaction.execute("UPDATE webhook_deliveries SET claimed_until = \(now.addingTimeInterval(lease)) WHERE id \(in: due)")
            return try await transaction.query("""
                SELECT d.*, w.url AS webhook_url, w.events AS webhook_events, w.secret AS webhook_secret, w.created_at AS webhook_created_at
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id \(in: due) ORDER BY d.id
                """, table: "webhook_deliveries").map { row in
                (
                    try Self.delivery(row),
                    try Self.webhook(row, id: "webhook_id", url: "webhook_url", events: "webhook_events", secret: "webhook_secret", createdAt: "webhook_created_at")
                )
            }
        }
    }

    func recordSuccess(id: Int64, status: Int, at date: Date) async throws {
        try await database.write { transaction in
            try await transaction.execute("""
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = \(status), last_error = NULL,
                    delivered_at = \(date), claimed_until = NULL WHERE id = \(id)
                """)
        }
    }

    func recordFailure(id: Int64, status: Int?, error: String, retryAt: Date?, at date: Date) async throws {
        try await database.write { transaction in
            try await transaction.execute("""
                UPDATE webhook_deliveries SET status = \(retryAt == nil ? "failed" : "pending"), attempts = attempts + 1, last_status = \(status),
                    last_error = \(String(error.prefix(500))), next_attempt_at = coalesce(\(retryAt), next_attempt_at), claimed_until = NULL
                WHERE id = \(id)
                """)
        }
    }

    func pruneDeliveries(before date: Date) async throws -> Int {
        try await database.write { transaction in
            try await transaction.query(
                "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < \(date) RETURNING id", table: "webhook_deliveries"
            ).count
        }
    }

    /// The comma-separated events of a webhook; names no release knows are left out.
    static func events(_ text: String) -> [WebhookEvent] { text.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) } }

    private static func webhook(_ row: StorageRow, id: String, url: String, events: String, secret: String, createdAt: String) throws -> Webhook {
        Webhook(
            id: try row.decode(id), url: try row.decode(url), events: Self.events(try row.decode(events)), secret: try row.decode(secret),
            createdAt: try row.decode(createdAt)
        )
    }

    private static func delivery(_ row: StorageRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.decode("id"), webhookID: try row.decode("webhook_id"), event: try row.decode("event"), payload: try row.decode("payload"),
            status: try row.decode("status"), attempts: try row.decode("attempts"), nextAttemptAt: try row.decode("next_attempt_at"),
            lastStatus: try row.decode("last_status"), lastError: try row.decode("last_error"), createdAt: try row.decode("created_at"),
            deliveredAt: try row.decode("delivered_at")
        )
    }
}
