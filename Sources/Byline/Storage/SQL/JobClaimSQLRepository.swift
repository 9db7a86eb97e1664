import Foundation

/// `JobClaimRepository` written once for both backends: the primary key makes exactly one
/// node's (or process's) insert win.
struct JobClaimSQLRepository: JobClaimRepository {
    let database: any SQLDatabase

    func claim(job: String, slot: Int64, at now: Date) async throws -> Bool {
        try await database.write { transaction in
            try await transaction.query(
                "INSERT INTO job_runs (job, slot, claimed_at) VALUES (\(job), \(slot), \(now)) ON CONFLICT DO NOTHING RETURNING slot", table: "job_runs",
                key: "slot"
            ).count == 1
        }
    }

    func pruneClaims(before date: Date) async throws {
        try await database.write { transaction in try await transaction.execute("DELETE FROM job_runs WHERE claimed_at < \(date)") }
    }
}
