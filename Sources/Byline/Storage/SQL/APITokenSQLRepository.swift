import Foundation

/// `APITokenRepository` written once for both backends. Every `\(value)` is a bound parameter.
struct APITokenSQLRepository: APITokenRepository {
    let database: any SQLDatabase

    func create(name: String, role: Role, tokenHash: String, at date: Date) async throws -> APIToken {
        try await database.write { transaction in
            let id = try await transaction.insertedID("""
                INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (\(name), \(tokenHash), \(role.rawValue), \(date)) RETURNING id
                """)
            return APIToken(id: id, name: name, role: role, createdAt: date, lastUsedAt: nil, revokedAt: nil)
        }
    }

    func token(hash: String) async throws -> APIToken? {
        try await database.read { queries in
            try await queries.queryOne("SELECT * FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL", table: "api_tokens").map(Self.token)
        }
    }

    func tokens() async throws -> [APIToken] {
        try await database.read { queries in try await queries.query("SELECT * FROM api_tokens ORDER BY id", table: "api_tokens").map(Self.token) }
    }

    func revoke(id: Int64, at date: Date) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query(
                "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(date)) WHERE id = \(id) RETURNING id", table: "api_tokens"
            ).count == 1
        }
    }

    func touch(id: Int64, at date: Date) async throws {
        try await database.write { transaction in try await transaction.execute("UPDATE api_tokens SET last_used_at = \(date) WHERE id = \(id)") }
    }

    private static func token(_ row: StorageRow) throws -> APIToken {
        APIToken(
            id: try row.decode("id"), name: try row.decode("name"), role: try row.decode("role"), createdAt: try row.decode("created_at"),
            lastUsedAt: try row.decode("last_used_at"), revokedAt: try row.decode("revoked_at")
        )
    }
}
