import Foundation
import GRDB
import Synchronization

/// Writes that must be on disk before they are acknowledged (a reader's comment), batched so
/// that the writes arriving together share one transaction and one fsync.
///
/// One drain task at a time takes everything queued, runs each write in its own savepoint (so
/// one refused write does not sink its neighbours), commits with `synchronous = FULL`, and only
/// then answers each caller. While it waits for the disk, the next batch gathers: the busier
/// the site, the more comments each fsync carries.
final class SQLiteGroupCommitter: Sendable {
    private struct Job: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
        var inFlight = 0
        var transactions = 0
    }

    private let writer: DatabasePool
    private let state = Mutex(State())
    private let maxBatch: Int

    init(writer: DatabasePool, maxBatch: Int = 256) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Transactions begun so far: fewer than the writes when batching works.
    var transactionCount: Int { state.withLock { $0.transactions } }

    /// Writes queued or in the transaction being committed.
    var waitingCount: Int { state.withLock { $0.queue.count + $0.inFlight } }

    /// Runs `work` in the next group transaction and returns once that transaction is durable.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let startsDrain = state.withLock { state in
                state.queue.append(Job(work: { try work($0) }, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startsDrain { Task { await self.drain() } }
        }
        guard let typed = value as? T else { preconditionFailure("a group write returned \(type(of: value)), not \(T.self)") }
        return typed
    }

    private func drain() async {
        while true {
            let batch: [Job] = state.withLock { state in
                let batch = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(batch.count)
                state.inFlight = batch.count
                if batch.isEmpty { state.draining = false } else { state.transactions += 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            SiteMetrics.groupCommit(batch: batch.count)
            do {
                let results = try await writer.writeWithoutTransaction { db in try Self.commit(batch, db) }
                for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
            } catch {
                for job in batch { job.continuation.resume(throwing: error) }
            }
        }
    }

    private static func commit(_ batch: [Job], _ db: Database) throws -> [Result<any Sendable, any Error>] {
        // FULL syncs the WAL at commit, so an acknowledged comment survives a power cut, not
        // only a crash of the process; the rest of the site's writes keep NORMAL.
        try db.execute(sql: "PRAGMA synchronous = FULL")
        defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
        var results: [Result<any Sendable, any Error>] = []
        try db.inTransaction {
            results = batch.map { job in
                Result {
                    var value: (any Sendable)?
                    try db.inSavepoint {
                        value = try job.work(db)
                        return .commit
                    }
                    return value!
                }
            }
            return .commit
        }
        return results
    }
}
