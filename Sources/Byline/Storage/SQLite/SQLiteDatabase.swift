import Foundation
import GRDB

/// Owns the SQLite connection pool and its schema.
///
/// The database runs in WAL mode (what `DatabasePool` uses), so readers never wait for the
/// writer. Every write goes through one repository method in one transaction; callers never
/// open transactions of their own.
public struct SQLiteDatabase: Sendable {
    let writer: DatabasePool

    /// Opens (creating when needed) the database at `path` and applies pending migrations.
    static func open(path: String) throws -> (database: SQLiteDatabase, isNew: Bool) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // NORMAL is durable across application crashes in WAL mode; FULL (an fsync per
            // commit) is reserved for the group-committed comment writer (SQLiteGroupCommitter).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let isNew = try pool.read { db in try SQLiteMigrations.migrator.appliedMigrations(db).isEmpty }
        try SQLiteMigrations.migrator.migrate(pool)
        return (SQLiteDatabase(writer: pool), isNew)
    }

    /// The repositories backed by this database.
    func storage(isNew: Bool, changes: ChangeBroadcaster) -> Storage {
        Storage(
            sql: connections(changes: changes), health: self, changes: changes,
            background: [SQLiteChangeWatcher(writer: writer, changes: changes)], isNew: isNew
        )
    }
}

extension SQLiteDatabase {
    /// This database as storage code written once for both backends sees it.
    func connections(changes: ChangeBroadcaster) -> SQLiteConnections {
        SQLiteConnections(writer: writer, changes: changes, committer: SQLiteGroupCommitter(writer: writer))
    }
}

extension SQLiteDatabase: DatabaseHealth {
    public func checkReady() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}

extension DatabaseError {
    /// Maps constraint failures to errors a person can act on; anything else stays as it is.
    func asStorageError() -> any Error {
        guard resultCode == .SQLITE_CONSTRAINT else { return self }
        return StorageError.constraintViolated(message ?? "constraint failed")
    }
}
