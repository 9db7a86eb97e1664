import Foundation
import GRDB

/// `SessionRepository` on SQLite. Interpolations in the `literal:` queries are bound values.
struct SessionSQLiteRepository: SessionRepository {
    let writer: DatabasePool

    func create(_ session: Session) async throws {
        try await writer.write { db in
            try db.execute(literal: """
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt))
                """)
        }
    }

    func session(tokenHash: String) async throws -> (Session, User)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, literal: """
                SELECT s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, u.*
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(tokenHash)
                """)
            else { return nil }
            let user = UserSQLiteRepository.user(row)
            let session = Session(
                tokenHash: row["token_hash"], userID: user.id, csrfToken: row["csrf_token"], createdAt: row["session_created_at"],
                lastSeenAt: row["last_seen_at"], expiresAt: row["expires_at"]
            )
            return (session, user)
        }
    }

    func touch(tokenHash: String, at date: Date) async throws {
        try await writer.write { db in try db.execute(literal: "UPDATE sessions SET last_seen_at = \(date) WHERE token_hash = \(tokenHash)") }
    }

    func delete(tokenHash: String) async throws {
        try await writer.write { db in try db.execute(literal: "DELETE FROM sessions WHERE token_hash = \(tokenHash)") }
    }

    func deleteSessions(userID: Int64) async throws {
        try await writer.write { db in try db.execute(literal: "DELETE FROM sessions WHERE user_id = \(userID)") }
    }

    func prune(before date: Date) async throws {
        let idleSince = date.addingTimeInterval(-Session.idleLimit)
        try await writer.write { db in
            try db.execute(literal: "DELETE FROM sessions WHERE expires_at < \(date) OR last_seen_at < \(idleSince)")
            try db.execute(literal: "DELETE FROM sign_in_failures WHERE blocked_until < \(date) AND last_failure_at < \(date.addingTimeInterval(-86400))")
        }
    }

    func failures(keys: [String]) async throws -> [SignInFailures] {
        try await writer.read { db in try Row.fetchAll(db, literal: "SELECT * FROM sign_in_failures WHERE key IN \(keys)").map(Self.failures) }
    }

    func recordFailure(keys: [(key: String, policy: SignInThrottlePolicy)], at now: Date) async throws -> [SignInFailures] {
        try await writer.write { db in
            try keys.map { key, policy in
                let previous = try Row.fetchOne(db, literal: "SELECT * FROM sign_in_failures WHERE key = \(key)").map(Self.failures)
                let next = policy.failing(previous, key: key, at: now)
                try db.execute(literal: """
                    INSERT INTO sign_in_failures (key, failures, last_failure_at, blocked_until)
                    VALUES (\(key), \(next.failures), \(next.lastFailureAt), \(next.blockedUntil))
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                        blocked_until = excluded.blocked_until
                    """)
                return next
            }
        }
    }

    func clearFailures(key: String) async throws {
        try await writer.write { db in try db.execute(literal: "DELETE FROM sign_in_failures WHERE key = \(key)") }
    }

    private static func failures(_ row: Row) -> SignInFailures {
        SignInFailures(key: row["key"], failures: row["failures"], lastFailureAt: row["last_failure_at"], blockedUntil: row["blocked_until"])
    }
}
