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

/// One open transaction on either backend, which the rules above the backends (comment
/// threading, the save workflow, the outbox) write through, so that each is written once.
///
/// A change is announced by the transaction that makes it, and only there: `announce` queues
/// the `cache.purge` webhook in the same transaction (an outbox), tells other nodes (PostgreSQL
/// `NOTIFY`, delivered only on commit), and hands the change to this node's caches once the
/// transaction has committed, before the writer is answered. Nothing else in the storage
/// layer publishes changes, so a write cannot commit without its announcement.
public protocol StorageTransaction: StorageQueries {
    func execute(_ statement: SQLStatement) async throws
    /// Files `change` with this transaction (see above).
    func announce(_ change: ContentChange, at date: Date) async throws
}

extension StorageQueries {
    public func query(_ statement: SQLStatement, table: String) async throws -> [StorageRow] {
        try await query(statement, table: table, key: "id")
    }

    /// The first row, if any.
    public func queryOne(_ statement: SQLStatement, table: String, key: String = "id") async throws -> StorageRow? {
        try await query(statement, table: table, key: key).first
    }

    /// The first column of the first row; nil when there is no row.
    public func scalar<Value: StorageDecodable>(_ statement: SQLStatement, as type: Value.Type = Value.self) async throws -> Value? {
        guard let row = try await query(statement, table: "query result", key: "").first else { return nil }
        return try row.decodeFirst(as: Value.self)
    }

    /// A count, or any other query whose one row holds a number.
    public func count(_ statement: SQLStatement) async throws -> Int {
        try await scalar(statement, as: Int.self) ?? 0
    }
}

extension StorageTransaction {
    public func announce(_ change: ContentChange?, at date: Date = Date()) async throws {
        if let change { try await announce(change, at: date) }
    }
}

/// One backend's database, as storage code written once for both sees it.
public protocol SQLDatabase: Sendable {
    /// Runs `work` with queries that see one consistent state.
    func read<T: Sendable>(_ work: @escaping @Sendable (any StorageQueries) async throws -> T) async throws -> T
    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    /// What it announced reaches this node's caches before this returns.
    func write<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T
    /// A write that is on disk before it returns, for what a reader was promised is kept
    /// (a comment). SQLite groups these so that writes arriving together share one sync.
    func durableWrite<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T
}
