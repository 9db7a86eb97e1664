import Foundation
import GRDB

/// `APITokenRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct APITokenSQLiteRepository: APITokenRepository {
    let writer: DatabasePool

    func create(name: String, role: Role, tokenHash: String, at date: Date) async throws -> APIToken {
        try await writer.write { db in
            try db.execute(literal: """
                INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (\(name), \(tokenHash), \(role.rawValue), \(date))
                """)
            return APIToken(id: db.lastInsertedRowID, name: name, role: role, createdAt: date, lastUsedAt: nil, revokedAt: nil)
        }
    }

    func token(hash: String) async throws -> APIToken? {
        try await writer.read { db in
            try Row.fetchOne(db, literal: "SELECT * FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL").map(Self.token)
        }
    }

    func tokens() async throws -> [APIToken] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY id").map(Self.token) }
    }

    func revoke(id: Int64, at date: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(date)) WHERE id = \(id)")
            return db.changesCount == 1
        }
    }

    func touch(id: Int64, at date: Date) async throws {
        try await writer.write { db in try db.execute(literal: "UPDATE api_tokens SET last_used_at = \(date) WHERE id = \(id)") }
    }

    private static func token(_ row: Row) -> APIToken {
        APIToken(
            id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .contributor, createdAt: row["created_at"],
            lastUsedAt: row["last_used_at"], revokedAt: row["revoked_at"]
        )
    }
}
