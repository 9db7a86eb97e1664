import Foundation
import PostgresNIO

/// `SessionRepository` on PostgreSQL. Every `\(value)` in the queries is a bound parameter.
struct SessionPostgresRepository: SessionRepository {
    let database: PostgresDatabase
    var logger: Logger { database.logger }

    func create(_ session: Session) async throws {
        try await execute("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt))
                """)
    }

    func session(tokenHash: String) async throws -> (Session, User)? {
        try await database.withConnection { connection in
            guard let row = try await connection.rows("""
                SELECT s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, u.*
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(tokenHash)
                """, logger: logger).first
            else { return nil }
            let user = try UserPostgresRepository.user(row)
            let session = Session(
                tokenHash: try row.value("token_hash"), userID: user.id, csrfToken: try row.value("csrf_token"),
                createdAt: try row.value("session_created_at"), lastSeenAt: try row.value("last_seen_at"), expiresAt: try row.value("expires_at")
            )
            return (session, user)
        }
    }

    func touch(tokenHash: String, at date: Date) async throws {
        try await execute("UPDATE sessions SET last_seen_at = \(date) WHERE token_hash = \(tokenHash)")
    }

    func delete(tokenHash: String) async throws {
        try await execute("DELETE FROM sessions WHERE token_hash = \(tokenHash)")
    }

    func deleteSessions(userID: Int64) async throws {
        try await execute("DELETE FROM sessions WHERE user_id = \(userID)")
    }

    func prune(before date: Date) async throws {
        let idleSince = date.addingTimeInterval(-Session.idleLimit)
        try await execute("DELETE FROM sessions WHERE expires_at < \(date) OR last_seen_at < \(idleSince)")
        try await execute("DELETE FROM sign_in_failures WHERE blocked_until < \(date) AND last_failure_at < \(date.addingTimeInterval(-86400))")
    }

    func failures(keys: [String]) async throws -> [SignInFailures] {
        try await database.withConnection { connection in
            try await connection.rows("SELECT * FROM sign_in_failures WHERE key = ANY(\(keys))", logger: logger).map(Self.failures)
        }
    }

    func recordFailure(keys: [(key: String, policy: SignInThrottlePolicy)], at now: Date) async throws -> [SignInFailures] {
        try await database.withTransaction { connection in
            var recorded: [SignInFailures] = []
            for (key, policy) in keys {
                // The row lock makes concurrent failures on several nodes count one by one.
                let previous = try await connection.rows("SELECT * FROM sign_in_failures WHERE key = \(key) FOR UPDATE", logger: logger).first.map(Self.failures)
                let next = policy.failing(previous, key: key, at: now)
                try await connection.query("""
                    INSERT INTO sign_in_failures (key, failures, last_failure_at, blocked_until)
                    VALUES (\(key), \(next.failures), \(next.lastFailureAt), \(next.blockedUntil))
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                        blocked_until = excluded.blocked_until
                    """, logger: logger)
                recorded.append(next)
            }
            return recorded
        }
    }

    func clearFailures(key: String) async throws {
        try await execute("DELETE FROM sign_in_failures WHERE key = \(key)")
    }

    private func execute(_ query: PostgresQuery) async throws {
        try await database.withConnection { connection in _ = try await connection.query(query, logger: logger) }
    }

    private static func failures(_ row: PostgresRandomAccessRow) throws -> SignInFailures {
        SignInFailures(
            key: try row.value("key"), failures: Int(try row.value("failures", as: Int32.self)),
            lastFailureAt: try row.value("last_failure_at"), blockedUntil: try row.value("blocked_until")
        )
    }
}
