import Foundation

/// An import started from the newsroom, as every node sees it.
public struct ImportJob: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case queued, running, done, failed }

    public var id: Int64
    public var fileName: String
    public var dryRun: Bool
    public var state: State
    public var done: Int
    public var total: Int
    /// The import's report, or why it failed.
    public var report: String
    public var requestedBy: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// Queues imports with their file, hands each to one node, and keeps their progress.
public protocol ImportJobRepository: Sendable {
    func queue(fileName: String, file: Data, dryRun: Bool, by: String, at: Date) async throws -> Int64
    /// The same file again, for real this time: what "Import" does after a dry run.
    func confirm(_ id: Int64, by: String, at: Date) async throws -> Int64?
    func job(id: Int64) async throws -> ImportJob?
    func recent(limit: Int) async throws -> [ImportJob]
    /// The oldest queued job, or a running one nobody has touched since `stale` (its node
    /// stopped: an import matches what it already stored, so running it again is safe).
    func claim(at now: Date, stale: Date) async throws -> (job: ImportJob, file: Data)?
    func progress(_ id: Int64, done: Int, total: Int, at: Date) async throws
    func finish(_ id: Int64, state: ImportJob.State, report: String, at: Date) async throws
}
