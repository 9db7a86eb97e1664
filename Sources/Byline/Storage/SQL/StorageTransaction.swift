import Foundation

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
    /// The ID an `INSERT … RETURNING id` (or an upsert that returns it) gave back.
    public func insertedID(_ statement: SQLStatement) async throws -> Int64 {
        guard let id = try await scalar(statement, as: Int64.self) else { throw StorageError.constraintViolated("a row was not stored") }
        return id
    }

    public func announce(_ change: ContentChange?, at date: Date = Date()) async throws {
        if let change { try await announce(change, at: date) }
    }
}
