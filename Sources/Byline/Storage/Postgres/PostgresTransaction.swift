import Foundation
import PostgresNIO
import Synchronization

/// A `StorageTransaction` on one pooled PostgreSQL connection, between BEGIN and COMMIT.
final class PostgresTransaction: StorageTransaction {
    /// The channel every node listens on (`PostgresChangeListener`).
    static let channel = "byline_changes"

    let connection: PostgresConnection
    let logger: Logger
    private let changes = Mutex<[ContentChange]>([])

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    var announced: [ContentChange] { changes.withLock { $0 } }

    // A refusal is a `StorageError` already inside the transaction, as on SQLite, so that the
    // rules written above the backends (an import naming the item it was storing) see it.
    func execute(_ statement: SQLStatement) async throws {
        do {
            try await connection.query(Self.query(statement), logger: logger)
        } catch {
            throw PostgresDatabase.storageError(for: error)
        }
    }

    func query(_ statement: SQLStatement, table: String, key: String) async throws -> [StorageRow] {
        do {
            var rows: [StorageRow] = []
            for try await row in try await connection.query(Self.query(statement), logger: logger) {
                rows.append(StorageRow(.postgres(row.makeRandomAccess()), table: table, keyColumn: key))
            }
            return rows
        } catch {
            throw PostgresDatabase.storageError(for: error)
        }
    }

    /// Queues the purge webhook and a NOTIFY, both of which take effect only if the
    /// transaction commits; this node's caches hear of it right after the commit.
    func announce(_ change: ContentChange, at date: Date) async throws {
        try await WebhookOutbox.queuePurge(change, at: date, self)
        let payload = String(decoding: try JSONEncoder().encode(change), as: UTF8.self)
        try await connection.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
        changes.withLock { $0.append(change) }
    }

    static func query(_ statement: SQLStatement) -> PostgresQuery {
        let (sql, values) = statement.rendered(for: .postgres)
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .boolean(let value): binds.append(value)
            case .date(let value): binds.append(value)
            case .blob(let value): binds.append(value.map { ByteBuffer(bytes: $0) })
            case .integers(let values): binds.append(values)
            case .texts(let values): binds.append(values)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}

/// The PostgreSQL database as storage code written once for both backends sees it. What a
/// write announced is published here, once it has committed.
struct PostgresConnections: SQLDatabase {
    let database: PostgresDatabase
    let changes: ChangeBroadcaster

    func read<T: Sendable>(_ work: @escaping @Sendable (any StorageQueries) async throws -> T) async throws -> T {
        try await database.withConnection { connection in
            try await work(PostgresTransaction(connection: connection, logger: self.database.logger))
        }
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await transaction { try await work($0) }
    }

    /// PostgreSQL already groups the WAL flushes of commits that arrive together.
    func durableWrite<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await transaction { try await work($0) }
    }

    /// A write with the PostgreSQL transaction itself, for code that also uses the connection directly.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (PostgresTransaction) async throws -> T) async throws -> T {
        let (value, announced) = try await database.withTransaction { connection in
            let transaction = PostgresTransaction(connection: connection, logger: self.database.logger)
            return (try await work(transaction), transaction.announced)
        }
        for change in announced { changes.publish(change) }
        return value
    }
}
