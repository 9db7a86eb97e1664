import Foundation
import GRDB
import ServiceLifecycle

/// Notices writes by other processes to the same SQLite file (say, `byline articles import`
/// while the site is serving) and announces that anything may have changed.
///
/// `PRAGMA data_version` changes on a connection whenever another connection commits, so a
/// dedicated connection polls it. This node's own writes are announced precisely, at once,
/// by the repositories; this catches the rest within `interval`.
struct SQLiteChangeWatcher: Service {
    let path: String
    let changes: ChangeBroadcaster
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        var last = try await connection.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            let current = try? await connection.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
            if let current, current != last {
                last = current
                changes.publish(.everything)
            }
        }
    }
}
