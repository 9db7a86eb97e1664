import Foundation

/// Queries on either backend: what storage code written once for both (`CommentSQLRepository`)
/// reads through. On SQLite a read sees one snapshot from start to end.
///
/// Code given a `StorageQueries` must use only it: on SQLite it runs on the connection's own
/// thread, which waits for it.
public protocol StorageQueries: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Every row of a query. `table` and `key` name the rows in errors.
    func query(_ statement: SQLStatement, table: String, key: String) async throws -> [StorageRow]
}
