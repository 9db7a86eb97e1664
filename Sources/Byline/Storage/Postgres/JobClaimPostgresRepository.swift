import Foundation
import PostgresNIO

/// `JobClaimRepository` on PostgreSQL: the primary key makes exactly one node's insert win.
struct JobClaimPostgresRepository: JobClaimRepository {
    let database: PostgresDatabase

    func claim(job: String, slot: Int64, at now: Date) async throws -> Bool {
        try await database.withConnection { connection in
            try await connection.scalar("""
                INSERT INTO job_runs (job, slot, claimed_at) VALUES (\(job), \(slot), \(now))
                ON CONFLICT DO NOTHING RETURNING slot
                """, as: Int64.self, logger: database.logger) != nil
        }
    }

    func pruneClaims(before date: Date) async throws {
        _ = try await database.withConnection { connection in
            try await connection.query("DELETE FROM job_runs WHERE claimed_at < \(date)", logger: database.logger)
        }
    }
}
