import Foundation
import GRDB

/// `JobClaimRepository` on SQLite; several processes on one file compete through the primary key.
struct JobClaimSQLiteRepository: JobClaimRepository {
    let writer: DatabasePool

    func claim(job: String, slot: Int64, at now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(literal: "INSERT INTO job_runs (job, slot, claimed_at) VALUES (\(job), \(slot), \(now)) ON CONFLICT DO NOTHING")
            return db.changesCount == 1
        }
    }

    func pruneClaims(before date: Date) async throws {
        try await writer.write { db in try db.execute(literal: "DELETE FROM job_runs WHERE claimed_at < \(date)") }
    }
}
