import Foundation
import PostgresNIO

/// `APITokenRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct APITokenPostgresRepository: APITokenRepository {
    let database: PostgresDatabase
    private var logger: Logger { database.logger }

    func create(name: String, role: Role, tokenHash: String, at date: Date) async throws -> APIToken {
        try await database.withConnection { connection in
            let id = try await connection.scalar("""
                INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (\(name), \(tokenHash), \(role.rawValue), \(date)) RETURNING id
                """, as: Int64.self, logger: logger)!
            return APIToken(id: id, name: name, role: role, createdAt: date, lastUsedAt: nil, revokedAt: nil)
        }
    }

    func token(hash: String) async throws -> APIToken? {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL", logger: logger).first.map(Self.token)
        }
    }

    func tokens() async throws -> [APIToken] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM api_tokens ORDER BY id", logger: logger).map(Self.token)
        }
    }

    func revoke(id: Int64, at date: Date) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.rows(
                "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(date)) WHERE id = \(id) RETURNING id", logger: logger
            ).count == 1
        }
    }

    func touch(id: Int64, at date: Date) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query("UPDATE api_tokens SET last_used_at = \(date) WHERE id = \(id)", logger: logger)
        }
    }

    private static func token(_ row: PostgresRandomAccessRow) throws -> APIToken {
        APIToken(
            id: try row.value("id"), name: try row.value("name"), role: Role(rawValue: try row.value("role")) ?? .contributor,
            createdAt: try row.value("created_at"), lastUsedAt: try row.value("last_used_at"), revokedAt: try row.value("revoked_at")
        )
    }
}
