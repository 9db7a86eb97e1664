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
        let dataVersion: @Sendable (Database) throws -> Int? = { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
        var last = try await writer.writeWithoutTransaction(dataVersion)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            let current = try? await writer.writeWithoutTransaction(dataVersion)
            if let current, current != last {
                last = current
                changes.publish(.everything)
            }
        }
    }
}
