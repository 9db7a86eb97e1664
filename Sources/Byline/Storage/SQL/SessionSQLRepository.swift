import Foundation

/// `SessionRepository` written once for both backends. Every `\(value)` is a bound parameter.
struct SessionSQLRepository: SessionRepository {
    let database: any SQLDatabase

    func create(_ session: Session) async throws {
        try await database.write { transaction in
            try await transaction.execute("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt))
                """)
        }
    }

    func session(tokenHash: String) async throws -> (Session, User)? {
        try await database.read { queries in
            guard let row = try await queries.queryOne("""
                SELECT s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, u.*
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(tokenHash)
                """, table: "sessions", key: "id")
            else { return nil }
            let user = try UserSQLRepository.user(row)
            let session = Session(
                tokenHash: try row.decode("token_hash"), userID: user.id, csrfToken: try row.decode("csrf_token"),
                createdAt: try row.decode("session_created_at"), lastSeenAt: try row.decode("last_seen_at"), expiresAt: try row.decode("expires_at")
            )
            return (session, user)
        }
    }

    func touch(tokenHash: String, at date: Date) async throws {
        try await database.write { transaction in try await transaction.execute("UPDATE sessions SET last_seen_at = \(date) WHERE token_hash = \(tokenHash)") }
    }

    func delete(tokenHash: String) async throws {
        try await database.write { transaction in try await transaction.execute("DELETE FROM sessions WHERE token_hash = \(tokenHash)") }
    }

    func deleteSessions(userID: Int64) async throws {
        try await database.write { transaction in try await transaction.execute("DELETE FROM sessions WHERE user_id = \(userID)") }
    }

    func prune(before date: Date) async throws {
        let idleSince = date.addingTimeInterval(-Session.idleLimit)
        try await database.write { transaction in
            try await transaction.execute("DELETE FROM sessions WHERE expires_at < \(date) OR last_seen_at < \(idleSince)")
            try await transaction.execute("DELETE FROM sign_in_failures WHERE blocked_until < \(date) AND last_failure_at < \(date.addingTimeInterval(-86400))")
        }
    }

    func failures(keys: [String]) async throws -> [SignInFailures] {
        try await database.read { queries in
            try await queries.query("SELECT * FROM sign_in_failures WHERE key \(in: keys)", table: "sign_in_failures", key: "key").map(Self.failures)
        }
    }

    func recordFailure(keys: [(key: String, policy: SignInThrottlePolicy)], at now: Date) async throws -> [SignInFailures] {
        try await database.write { transaction in
            var recorded: [SignInFailures] = []
            for (key, policy) in keys {
                // On PostgreSQL the row lock makes concurrent failures on several nodes count one by one.
                let previous = try await transaction.queryOne("""
                    SELECT * FROM sign_in_failures WHERE key = \(key) \(SQLStatement.dialect(sqlite: "", postgres: "FOR UPDATE"))
                    """, table: "sign_in_failures", key: "key").map(Self.failures)
                let next = policy.failing(previous, key: key, at: now)
                try await transaction.execute("""
                    INSERT INTO sign_in_failures (key, failures, last_failure_at, blocked_until)
                    VALUES (\(key), \(next.failures), \(next.lastFailureAt), \(next.blockedUntil))
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                        blocked_until = excluded.blocked_until
                    """)
                recorded.append(next)
            }
            return recorded
        }
    }

    func clearFailures(key: String) async throws {
        try await database.write { transaction in try await transaction.execute("DELETE FROM sign_in_failures WHERE key = \(key)") }
    }

    private static func failures(_ row: StorageRow) throws -> SignInFailures {
        SignInFailures(
            key: try row.decode("key"), failures: try row.decode("failures"), lastFailureAt: try row.decode("last_failure_at"),
            blockedUntil: try row.decode("blocked_until")
        )
    }
}
