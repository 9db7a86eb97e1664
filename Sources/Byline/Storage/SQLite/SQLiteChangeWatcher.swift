import Foundation
import GRDB
import ServiceLifecycle

/// Notices writes by other processes to the same SQLite file (say, `byline articles import`
/// while the site is serving) and announces that anything may have changed.
///
/// `PRAGMA data_version` changes on a connection whenever *another* connection commits. It is
/// read on this node's own writer connection, through which all of this node's writes go, so
/// it moves only for other processes' writes: this node's own are announced precisely by the
/// repositories, and must not empty every cache each time a comment is posted.
struct SQLiteChangeWatcher: Service {
    let writer: DatabasePool
    let changes: ChangeBroadcaster
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        var last = try await dataVersion()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            last = (try? await announceOtherWrites(since: last)) ?? last
        }
    }

    /// Announces that anything may have changed when another process has committed since
    /// `last`; returns the data version now seen.
    func announceOtherWrites(since last: Int) async throws -> Int {
        let current = try await dataVersion()
        if current != last { changes.publish(.everything) }
        return current
    }

    func dataVersion() async throws -> Int {
        try await writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}
