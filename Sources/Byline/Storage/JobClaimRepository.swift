import Foundation

/// Claims a time slot of a recurring job. The claim is a row keyed by (job, slot), so across
/// every node sharing a database exactly one insert wins and runs the job for that slot.
/// This works the same on SQLite (several processes) and PostgreSQL (several nodes), which
/// a lock held only while running could not promise: a second node could run right after.
public protocol JobClaimRepository: Sendable {
    /// True for the one caller that claimed the slot.
    func claim(job: String, slot: Int64, at now: Date) async throws -> Bool
    /// Forgets claims older than `date`.
    func pruneClaims(before date: Date) async throws
}
