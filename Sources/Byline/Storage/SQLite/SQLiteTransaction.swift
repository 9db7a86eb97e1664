import Foundation
import GRDB
import Synchronization

/// A `StorageTransaction` over GRDB's writer connection.
///
/// GRDB runs a write as a synchronous closure on the writer's own thread, and the rules above
/// the backends are asynchronous. So the closure starts the rule as a task whose executor is
/// that same thread (`ThreadExecutor`) and runs the task's jobs there until it finishes: the
/// rule's queries run on the writer's thread, inside the closure, as GRDB requires, and
/// nothing else can write in between.
final class SQLiteTransaction: StorageTransaction, @unchecked Sendable {
    // Also the `StorageQueries` of a read, on a reader connection, where `execute` fails.
    // `db` is used only on the writer's thread, from inside the closure that owns it; the
    // announced changes are read there too, once the rule has finished.
    let db: Database
    private(set) var announced: [ContentChange] = []

    private init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    // A refusal is a `StorageError` already inside the transaction, as on PostgreSQL, so that
    // the rules written above the backends (an import naming the item it was storing) see it.
    func execute(_ statement: SQLStatement) async throws {
        do {
            let (prepared, arguments) = try prepare(statement)
            try prepared.execute(arguments: arguments)
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    func query(_ statement: SQLStatement, table: String, key: String) async throws -> [StorageRow] {
        do {
            let (prepared, arguments) = try prepare(statement)
            return try Row.fetchAll(prepared, arguments: arguments).map { StorageRow(.sqlite($0), table: table, keyColumn: key) }
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
    }

    /// Statements are prepared once per connection and reused: a page that is not in the page
    /// cache runs the same dozen queries every time, and parsing them is wasted work.
    private func prepare(_ statement: SQLStatement) throws -> (Statement, StatementArguments) {
        let (text, values) = statement.rendered(for: .sqlite)
        return (try db.cachedStatement(sql: text), StatementArguments(values.map(\.databaseValue)))
    }

    func announce(_ change: ContentChange, at date: Date) async throws {
        try await WebhookOutbox.queuePurge(change, at: date, self)
        announced.append(change)
    }

    /// Runs `work` to completion on this thread, inside the caller's GRDB write, and returns
    /// what it returned with the changes it announced.
    static func run<T: Sendable>(
        _ db: Database, _ work: @escaping @Sendable (SQLiteTransaction) async throws -> T
    ) throws -> (value: T, announced: [ContentChange]) {
        let transaction = SQLiteTransaction(db)
        let value = try ThreadExecutor.runHere { try await work(transaction) }
        return (value, transaction.announced)
    }
}

/// The SQLite database as storage code written once for both backends sees it: reads on
/// the pool's readers, writes on its writer, and durable writes through the group committer.
/// What a write announced is published here, once it has committed.
struct SQLiteConnections: SQLDatabase {
    let writer: DatabasePool
    let changes: ChangeBroadcaster
    let committer: SQLiteGroupCommitter

    func read<T: Sendable>(_ work: @escaping @Sendable (any StorageQueries) async throws -> T) async throws -> T {
        try await writer.read { db in try SQLiteTransaction.run(db) { try await work($0) }.value }
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await transaction { try await work($0) }
    }

    func durableWrite<T: Sendable>(_ work: @escaping @Sendable (any StorageTransaction) async throws -> T) async throws -> T {
        try await publishing { try await committer.write { db in try SQLiteTransaction.run(db, work) } }
    }

    /// A write with the SQLite transaction itself, for code that also uses GRDB directly.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (SQLiteTransaction) async throws -> T) async throws -> T {
        try await publishing { try await writer.write { db in try SQLiteTransaction.run(db, work) } }
    }

    private func publishing<T: Sendable>(_ write: () async throws -> (value: T, announced: [ContentChange])) async throws -> T {
        let result: (value: T, announced: [ContentChange])
        do {
            result = try await write()
        } catch let error as DatabaseError {
            throw error.asStorageError()
        }
        for change in result.announced { changes.publish(change) }
        return result.value
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .boolean(let value): value.databaseValue
        case .date(let value): value.databaseValue
        case .blob(let value): value.databaseValue
        // SQLite has no arrays; `SQLStatement` binds a list's elements one by one.
        case .integers, .texts: preconditionFailure("an array bound to a SQLite statement")
        }
    }
}

/// An executor that runs a task's jobs on the thread that waits for the task.
///
/// `runHere` blocks its thread until the task it starts has finished, running each of the
/// task's jobs as it is enqueued. A task that only ever awaits code that does not suspend
/// (a SQLite query) runs start to finish on this thread; one that suspends on something
/// else resumes here when that something is done.
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    // All state is behind `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    static func runHere<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let executor = ThreadExecutor()
        let result = Mutex<Result<T, any Error>?>(nil)
        Task(executorPreference: executor) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            executor.finish()
        }
        executor.drain()
        guard let outcome = result.withLock({ $0 }) else { preconditionFailure("the task finished without a result") }
        return try outcome.get()
    }

    private func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func drain() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
